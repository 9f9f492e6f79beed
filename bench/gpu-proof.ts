/**
 * The agent on a real NVIDIA GPU, in one run: `weft-agent inventory` reads the GPUs through
 * nvidia-smi, then a rental on a local chain runs a job in the sandbox runner that lists its GPU
 * and does a CUDA matrix multiply with PyTorch (the host's python3 with torch, as GPU hosts have
 * it). Prints each step's outcome and exits non-zero when one fails. Run as root on the GPU host:
 * `npx tsx bench/gpu-proof.ts`.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import type { LogPage } from '../lib/protocol/job-logs'
import { createAgentWorld } from '../test-support/agent/agent-world'

const root = path.resolve(import.meta.dirname, '..')
const step = (name: string, ok: boolean, detail: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`)
  if (!ok) process.exitCode = 1
}

const inventory = spawnSync(process.execPath, [path.join(root, 'agent/bin/weft-agent.mjs'), 'inventory'], {
  encoding: 'utf8',
})
step('weft-agent inventory', inventory.status === 0, (inventory.stdout + inventory.stderr).trim())

const matmul = [
  'import torch, time',
  "a = torch.randn(8192, 8192, device='cuda')",
  'torch.cuda.synchronize(); t = time.time(); b = a @ a; torch.cuda.synchronize()',
  "print('matmul', torch.cuda.get_device_name(0), round((2 * 8192**3) / (time.time() - t) / 1e12, 1), 'TFLOP/s', bool(torch.isfinite(b).all()))",
].join('\n')
const script = `nvidia-smi -L; echo "cuda=$CUDA_VISIBLE_DEVICES cores=$(nproc) uid=$(id -u)"; python3 -c "${matmul}"; echo "exit=$?"`
const w = await createAgentWorld({ runner: 'sandbox', prices: { '*': '1.00' } }, { realGpus: true })
try {
  const offer = (await w.offers()).find((o) => o.offer.gpuCount === 1)
  if (!offer) throw new Error('the agent offers no single GPU')
  const spec = { command: ['sh', '-c', script], env: {} }
  const { id } = await w.rent(offer, 600, spec)
  let text = ''
  for (const deadline = Date.now() + 180_000; !text.includes('exit=') && Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 1000))
    const page = (await (await w.signed(w.renter, `/v1/rentals/${id}/logs?limit=1000`)).json()) as LogPage
    text = page.lines.map((l) => l.text).join('\n')
  }
  step('rented job in the sandbox runner', /exit=0/.test(text) && /matmul .* True/.test(text), `\n${text}`)
  await w.renterCall('stop', id).catch(() => undefined)
} finally {
  await w.close()
}
