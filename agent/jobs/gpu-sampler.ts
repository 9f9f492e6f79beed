import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs'
import type { GpuDevice } from '../inventory/gpu-device'
import { gpuSampleQueryArgs, parseGpuSamples } from '../inventory/nvidia-smi-monitoring'
import { childEnv, jobFile } from './job-files'
import type { JobMetricSample, MetricSource } from './metrics-reader'
import { groupUsageMeter, simulatedSamples } from './simulated-gpu-metrics'

export type GpuSamplerOptions = {
  jobDir: string
  /** The rented GPUs, as the inventory reports them. */
  gpus: readonly GpuDevice[]
  /** 'nvidia-smi' on a real host; 'simulated' with a simulated inventory. */
  source: MetricSource
  /** The job's main pid, which is also its process group (simulated samples read its processes). */
  jobPid: number
  intervalMs?: number
  /** Path of nvidia-smi; default `nvidia-smi` on PATH. */
  nvidiaSmi?: string
  /** metrics.jsonl stops growing here; default 256 MiB (8 GPUs sampled every 5 s write ~45 MiB a day). */
  maxBytes?: number
}

export type GpuSampler = { stop(): Promise<void> }

/**
 * Samples a running job's GPUs into metrics.jsonl every `intervalMs` until stopped. With
 * nvidia-smi, one `nvidia-smi --query-gpu … -lms N --id=…` stream for the job's GPUs. Simulated,
 * from the CPU and memory use of the job's process group (simulated-gpu-metrics.ts).
 */
export function startGpuSampler(options: GpuSamplerOptions): GpuSampler {
  const intervalMs = options.intervalMs ?? 5000
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024
  const fd = openSync(jobFile(options.jobDir, 'metrics.jsonl'), 'a', 0o600)
  // Counted from what is there: a sampler restarted with the agent appends to the same file.
  let written = fstatSync(fd).size
  const record = (samples: readonly JobMetricSample[]) => {
    const text = samples.map((sample) => `${JSON.stringify(sample)}\n`).join('')
    if (text === '' || written + Buffer.byteLength(text) > maxBytes) return
    writeSync(fd, text)
    written += Buffer.byteLength(text)
  }
  const stopSampling =
    options.source === 'nvidia-smi'
      ? sampleNvidiaSmi(options, intervalMs, record)
      : sampleProcesses(options, intervalMs, record)
  return {
    async stop() {
      await stopSampling()
      closeSync(fd)
    },
  }
}

type RecordSamples = (samples: readonly JobMetricSample[]) => void

function sampleNvidiaSmi(
  options: GpuSamplerOptions,
  intervalMs: number,
  record: RecordSamples,
): () => Promise<void> {
  const args = [...gpuSampleQueryArgs(intervalMs), `--id=${options.gpus.map((gpu) => gpu.index).join(',')}`]
  let child: ChildProcess | undefined
  let restart: NodeJS.Timeout | undefined
  let running = true
  const launch = () => {
    let carry = ''
    const smi = spawn(options.nvidiaSmi ?? 'nvidia-smi', args, {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: childEnv({ PATH: process.env.PATH ?? '/usr/bin:/bin' }),
    })
    child = smi
    smi.stdout?.setEncoding('utf8').on('data', (text: string) => {
      const lines = (carry + text).split('\n')
      carry = (lines.pop() ?? '').slice(-4096)
      for (const line of lines) {
        // A line nvidia-smi garbles (driver hiccup) costs one sample, not the sampler.
        try {
          record(parseGpuSamples(line).map((sample) => ({ ...sample, source: 'nvidia-smi' as const })))
        } catch {}
      }
    })
    smi.on('error', () => undefined) // reported as an exit; retried below
    smi.on('close', () => {
      if (running) restart = setTimeout(launch, intervalMs)
    })
  }
  launch()
  return async () => {
    running = false
    clearTimeout(restart)
    if (child && child.exitCode === null && child.signalCode === null) {
      const closed = once(child, 'close')
      child.kill('SIGTERM')
      const kill = setTimeout(() => child?.kill('SIGKILL'), 2000)
      await closed
      clearTimeout(kill)
    }
  }
}

function sampleProcesses(
  options: GpuSamplerOptions,
  intervalMs: number,
  record: RecordSamples,
): () => Promise<void> {
  const measure = groupUsageMeter(options.jobPid)
  const timer = setInterval(() => {
    const usage = measure()
    // No process left in the job's group: nothing runs, so there is nothing to report.
    if (usage) record(simulatedSamples(options.gpus, usage, new Date()))
  }, intervalMs)
  return async () => clearInterval(timer)
}
