import type { GpuSample } from '@/lib/protocol/gpu-metrics'

/** How much GPU history the charts show: the stream sends the last ten minutes on connect. */
export const SAMPLE_WINDOW_MS = 10 * 60_000

/** Samples per GPU index, oldest first, within the window of the newest one. */
export type GpuSeries = ReadonlyMap<number, readonly GpuSample[]>

export const emptyGpuSeries: GpuSeries = new Map()

/** Adds samples, skipping ones already held (a reconnect resends the window), trimming to the window. */
export function appendSamples(
  series: GpuSeries,
  incoming: readonly GpuSample[],
  windowMs = SAMPLE_WINDOW_MS,
): GpuSeries {
  if (incoming.length === 0) return series
  const next = new Map(series)
  for (const sample of incoming) {
    const list = next.get(sample.index) ?? []
    if (list.some((held) => held.timeMs === sample.timeMs)) continue
    next.set(
      sample.index,
      [...list, sample].sort((a, b) => a.timeMs - b.timeMs),
    )
  }
  const newest = Math.max(...[...next.values()].flatMap((list) => list.map((s) => s.timeMs)))
  for (const [index, list] of next) {
    next.set(
      index,
      list.filter((s) => s.timeMs >= newest - windowMs),
    )
  }
  return next
}

/** Memory in use as a share of the GPU's memory, in percent; null when the GPU does not say. */
export function memoryPct(sample: GpuSample): number | null {
  if (sample.memoryUsedMiB === null || sample.memoryMiB <= 0) return null
  return Math.min(100, (sample.memoryUsedMiB / sample.memoryMiB) * 100)
}

export type ChartFrame = { fromMs: number; toMs: number; width: number; height: number }

/**
 * An SVG path through (time, percent) points scaled into the frame, 0 % at the bottom. A missing
 * reading breaks the line rather than drawing it at zero.
 */
export function linePath(
  points: readonly { timeMs: number; value: number | null }[],
  frame: ChartFrame,
): string {
  const span = Math.max(1, frame.toMs - frame.fromMs)
  let path = ''
  let drawing = false
  for (const { timeMs, value } of points) {
    if (value === null || timeMs < frame.fromMs || timeMs > frame.toMs) {
      drawing = false
      continue
    }
    const x = ((timeMs - frame.fromMs) / span) * frame.width
    const y = frame.height - (Math.max(0, Math.min(100, value)) / 100) * frame.height
    path += `${drawing ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`
    drawing = true
  }
  return path
}

/** The time span the charts cover: the window up to the newest sample. */
export function chartSpan(
  series: GpuSeries,
  windowMs = SAMPLE_WINDOW_MS,
): { fromMs: number; toMs: number } | null {
  const times = [...series.values()].flatMap((list) => list.map((s) => s.timeMs))
  if (times.length === 0) return null
  const toMs = Math.max(...times)
  return { fromMs: toMs - windowMs, toMs }
}

/** Mean of the readings present, or null when there are none. */
export function average(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null)
  return present.length ? present.reduce((sum, v) => sum + v, 0) / present.length : null
}
