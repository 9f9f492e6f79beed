import { describe, expect, it } from 'vitest'
import type { GpuSample } from '@/lib/protocol/gpu-metrics'
import { appendSamples, average, chartSpan, emptyGpuSeries, linePath, memoryPct } from './gpu-series'

const sample = (index: number, timeMs: number, utilizationPct: number | null = 50): GpuSample => ({
  index,
  timeMs,
  memoryMiB: 80_000,
  memoryUsedMiB: 20_000,
  utilizationPct,
})

describe('GPU series', () => {
  it('groups samples per GPU in time order and ignores the ones a reconnect resends', () => {
    let series = appendSamples(emptyGpuSeries, [sample(1, 2000), sample(0, 3000), sample(0, 1000)])
    series = appendSamples(series, [sample(0, 1000), sample(0, 3000), sample(0, 4000)])
    expect(series.get(0)?.map((s) => s.timeMs)).toEqual([1000, 3000, 4000])
    expect(series.get(1)?.map((s) => s.timeMs)).toEqual([2000])
  })

  it('keeps only the window before the newest sample', () => {
    const series = appendSamples(emptyGpuSeries, [sample(0, 0), sample(0, 5000), sample(1, 9000)], 6000)
    expect(series.get(0)?.map((s) => s.timeMs)).toEqual([5000])
    expect(chartSpan(series, 6000)).toEqual({ fromMs: 3000, toMs: 9000 })
  })

  it('reads memory in use as a share, null when the GPU does not report it', () => {
    expect(memoryPct(sample(0, 0))).toBe(25)
    expect(memoryPct({ ...sample(0, 0), memoryUsedMiB: null })).toBeNull()
  })

  it('draws 0 % at the bottom and 100 % at the top, breaking the line at missing readings', () => {
    const frame = { fromMs: 0, toMs: 100, width: 200, height: 50 }
    const path = linePath(
      [
        { timeMs: 0, value: 0 },
        { timeMs: 50, value: 100 },
        { timeMs: 60, value: null },
        { timeMs: 100, value: 50 },
      ],
      frame,
    )
    expect(path).toBe('M0.0 50.0L100.0 0.0M200.0 25.0')
  })

  it('averages the readings present', () => {
    expect(average([10, null, 30])).toBe(20)
    expect(average([null])).toBeNull()
  })
})
