import type { GpuDevice } from '../inventory/gpu-device'
import type { JobMetricSample } from './metrics-reader'
import { processGroupMembers, readRssKiB, TICKS_PER_SECOND } from './proc-stat'

/**
 * GPU samples for a host without GPUs, derived from what the job really does, never invented:
 * the CPU time and resident memory of its process group, read from /proc.
 */

export type GroupUsage = { cpuPct: number; rssMiB: number }

/**
 * A meter for process group `pgid`: each call returns its CPU use since the previous call, in %
 * of one core, and its resident memory; undefined once the group has no process left.
 */
export function groupUsageMeter(pgid: number): () => GroupUsage | undefined {
  const look = () => {
    const ticks = new Map<string, number>() // keyed by pid and start time: pids get reused
    for (const p of processGroupMembers(pgid))
      ticks.set(`${p.pid}:${p.startTicks}`, p.utimeTicks + p.stimeTicks)
    return { ticks, at: Date.now() }
  }
  let previous = look()
  return () => {
    const current = look()
    if (current.ticks.size === 0) return undefined
    let used = 0
    for (const [key, total] of current.ticks) used += total - (previous.ticks.get(key) ?? 0)
    const seconds = Math.max(0.001, (current.at - previous.at) / 1000)
    const rssKiB = [...current.ticks.keys()].reduce(
      (sum, key) => sum + (readRssKiB(Number(key.split(':')[0])) ?? 0),
      0,
    )
    previous = current
    return { cpuPct: (used / TICKS_PER_SECOND / seconds) * 100, rssMiB: rssKiB / 1024 }
  }
}

/**
 * One sample per rented GPU, the job's use spread evenly over them: utilizationPct is CPU use in %
 * of one core (capped at 100), memoryUsedMiB resident memory (capped at the GPU's); fields with
 * no such analogue (temperature, power, clocks, pstate) are null.
 */
export function simulatedSamples(
  gpus: readonly GpuDevice[],
  usage: GroupUsage,
  now: Date,
): JobMetricSample[] {
  const share = Math.max(1, gpus.length)
  return gpus.map((gpu) => {
    const used = Math.min(gpu.memoryMiB, Math.round(usage.rssMiB / share))
    return {
      source: 'simulated',
      timestamp: nvidiaSmiTimestamp(now),
      timeMs: now.getTime(),
      index: gpu.index,
      uuid: gpu.uuid,
      memoryMiB: gpu.memoryMiB,
      memoryUsedMiB: used,
      memoryFreeMiB: gpu.memoryMiB - used,
      utilizationPct: Math.min(100, Math.round(usage.cpuPct / share)),
      memoryUtilizationPct: null,
      temperatureC: null,
      powerW: null,
      smClockMHz: null,
      pstate: null,
    }
  })
}

/** Host local time as nvidia-smi prints it: `2026/11/24 23:13:54.759`. */
function nvidiaSmiTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0')
  const day = `${date.getFullYear()}/${two(date.getMonth() + 1)}/${two(date.getDate())}`
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  return `${day} ${time}.${String(date.getMilliseconds()).padStart(3, '0')}`
}
