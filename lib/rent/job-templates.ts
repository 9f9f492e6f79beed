import type { JobSpecDraft } from './job-spec-draft'

/**
 * Starting points for the job spec. The interactive machine has no command at all (every runner
 * idles it until the rental ends). Each other is a POSIX shell script, so it runs the same on a
 * provider's container runner (the image has `sh`, and no entrypoint that would swallow the
 * command) and on the process runner of simulated hosts such as the local demo's, where the GPU
 * software may be missing: then the script says so in the log and keeps the rental useful. Each
 * keeps the machine if its program exits: they are shells and servers meant to stay up, and a
 * server that crashed leaves the renter a machine to find out why rather than an ended rental.
 */
export type JobTemplate = {
  id: 'interactive' | 'pytorch-shell' | 'jupyter' | 'inference'
  name: string
  summary: string
  /** The draft it fills; `secret` makes a fresh random token where a template needs one. */
  fill: (secret: () => string) => Omit<JobSpecDraft, 'sshPublicKey'>
}

const PYTORCH_IMAGE = 'pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime'

export const jobTemplates: readonly JobTemplate[] = [
  {
    id: 'interactive',
    name: 'Interactive machine (SSH / terminal)',
    summary:
      'No command: the machine stays up until the rental ends, for SSH (add your key) and the web terminal. Every runner keeps it up; on a container host the image needs sh and sleep.',
    fill: () => ({
      interactive: true,
      image: 'ubuntu:24.04',
      env: '',
      onExit: 'keep',
      script: '',
      proxyPathPorts: '',
    }),
  },
  {
    id: 'pytorch-shell',
    name: 'PyTorch shell',
    summary: 'Checks the GPUs and PyTorch, then keeps the machine for you until the rental ends.',
    fill: () => ({
      interactive: false,
      proxyPathPorts: '',
      image: PYTORCH_IMAGE,
      env: '',
      onExit: 'keep',
      script: [
        'echo "GPUs assigned: $CUDA_VISIBLE_DEVICES"',
        'nvidia-smi || echo "nvidia-smi is not available on this host"',
        `python3 -c 'import torch; print("PyTorch", torch.__version__, "CUDA:", torch.cuda.is_available(), "devices:", torch.cuda.device_count())' || echo "PyTorch is not installed on this host"`,
        'echo "Ready: the machine is yours until the rental ends"',
        'exec sleep infinity',
      ].join('\n'),
    }),
  },
  {
    id: 'jupyter',
    name: 'Jupyter server',
    summary:
      'JupyterLab on port 8888, opened from the rental page through the agent’s proxy (it is told the proxy’s path) and protected by the token in JUPYTER_TOKEN as well.',
    fill: (secret) => ({
      interactive: false,
      proxyPathPorts: '8888',
      image: 'quay.io/jupyter/pytorch-notebook:cuda12-latest',
      env: `JUPYTER_TOKEN=${secret()}`,
      onExit: 'keep',
      script: [
        // The proxy hands port 8888 each request under this path whole (proxyPathPorts).
        'BASE="/v1/rentals/$WEFT_RENTAL_ID/ports/8888/"',
        'if command -v jupyter >/dev/null 2>&1; then',
        '  exec jupyter lab --ip=127.0.0.1 --port=8888 --no-browser --ServerApp.base_url="$BASE" --ServerApp.allow_origin="*"',
        'fi',
        'echo "Jupyter is not installed on this host: serving the work folder on port 8888 instead"',
        'ROOT="$(mktemp -d)" && mkdir -p "$ROOT$(dirname "$BASE")" && ln -s "$PWD" "$ROOT$(dirname "$BASE")/8888"',
        'exec python3 -m http.server 8888 --bind 127.0.0.1 --directory "$ROOT"',
      ].join('\n'),
    }),
  },
  {
    id: 'inference',
    name: 'Inference server',
    summary:
      'vLLM’s OpenAI-compatible API for the model in MODEL on port 8000, where the host or image has vLLM; elsewhere a plain HTTP check on that port.',
    fill: () => ({
      interactive: false,
      proxyPathPorts: '',
      image: PYTORCH_IMAGE,
      env: 'MODEL=Qwen/Qwen2.5-0.5B-Instruct\nPORT=8000',
      onExit: 'keep',
      script: [
        'if command -v vllm >/dev/null 2>&1; then',
        '  exec vllm serve "$MODEL" --host 0.0.0.0 --port "$PORT"',
        'fi',
        'echo "vLLM is not installed on this host: serving a plain HTTP health check on port $PORT instead"',
        'exec python3 -m http.server "$PORT"',
      ].join('\n'),
    }),
  },
]

/** A random token for templates that protect a server (URL-safe, 128 bits). */
export function randomToken(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
