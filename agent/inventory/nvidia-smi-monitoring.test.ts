import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { NvidiaSmiParseError } from './nvidia-smi-csv'
import {
  COMPUTE_APPS_QUERY_ARGS,
  GPU_SAMPLE_QUERY_FIELDS,
  gpuSampleQueryArgs,
  parseComputeApps,
  parseGpuSamples,
} from './nvidia-smi-monitoring'

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
/** `--format=csv,noheader,nounits` derived from a capture: no header line, no units. */
const bare = (text: string): string =>
  text
    .trim()
    .split('\n')
    .slice(1)
    .join('\n')
    .replace(/ (MiB|%|W|MHz)(?=,|$)/gm, '')

const UUID = 'GPU-d273297b-d634-71b8-a813-7539a8e2159b'

describe('parseComputeApps', () => {
  const capture = fixture('h100-compute-apps.csv')

  it('parses the real capture, and its nounits form, to the same processes', () => {
    const expected = [{ pid: 403, processName: 'python3', usedMemoryMiB: 29742, gpuUuid: UUID }]
    expect(parseComputeApps(capture)).toEqual(expected)
    expect(parseComputeApps(bare(capture))).toEqual(expected)
    expect(COMPUTE_APPS_QUERY_ARGS[0]).toBe('--query-compute-apps=pid,process_name,used_memory,gpu_uuid')
  })

  it('reads no processes as an empty list, with or without the header', () => {
    expect(parseComputeApps('')).toEqual([])
    expect(parseComputeApps(`${capture.split('\n')[0]}\n`)).toEqual([])
  })

  it('keeps commas inside a process name and reads unaccounted memory as null', () => {
    const [app] = parseComputeApps(`404, /opt/a, b/python3, [N/A], ${UUID}`)
    expect(app).toEqual({ pid: 404, processName: '/opt/a, b/python3', usedMemoryMiB: null, gpuUuid: UUID })
  })

  it('rejects a non-numeric pid, naming the line and field', () => {
    expect(() => parseComputeApps(`403, python3, 1 MiB, ${UUID}\nabc, python3, 1 MiB, ${UUID}`)).toThrow(
      /line 2, field pid: expected a whole number, found "abc"/,
    )
  })
})

describe('parseGpuSamples', () => {
  const capture = fixture('h100-job-timeline.csv')
  const samples = parseGpuSamples(capture)

  it('reads the header the sampler prints (clocks.sm is headed clocks.current.sm)', () => {
    expect(samples).toHaveLength(54)
    expect(gpuSampleQueryArgs(500)).toEqual([
      `--query-gpu=${GPU_SAMPLE_QUERY_FIELDS.join(',')}`,
      '--format=csv,noheader,nounits',
      '-lms',
      '500',
    ])
  })

  it('parses the first sample field by field', () => {
    expect(samples[0]).toEqual({
      timestamp: '2026/11/24 23:13:54.759',
      timeMs: new Date(2026, 10, 24, 23, 13, 54, 759).getTime(),
      index: 0,
      uuid: UUID,
      memoryMiB: 81559,
      memoryUsedMiB: 0,
      memoryFreeMiB: 81079,
      utilizationPct: 0,
      memoryUtilizationPct: 0,
      temperatureC: 38,
      powerW: 129.9,
      smClockMHz: 1980,
      pstate: 'P0',
    })
  })

  it('shows the job: idle, then 100 % at ~29.7 GiB and ~700 W, then idle, every ~500 ms', () => {
    const gaps = samples.slice(1).map((s, i) => s.timeMs - (samples[i]?.timeMs ?? 0))
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(400)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(600)
    expect(Math.max(...samples.map((s) => s.utilizationPct ?? 0))).toBe(100)
    expect(Math.max(...samples.map((s) => s.memoryUsedMiB ?? 0))).toBe(29751)
    expect(Math.max(...samples.map((s) => s.powerW ?? 0))).toBeCloseTo(717.41)
    expect([samples[0]?.utilizationPct, samples.at(-1)?.utilizationPct]).toEqual([0, 0])
  })

  it('parses the nounits form, whole or a line at a time as a stream arrives, to the same samples', () => {
    expect(parseGpuSamples(bare(capture))).toEqual(samples)
    expect(bare(capture).split('\n').flatMap(parseGpuSamples)).toEqual(samples)
  })

  it('rejects an impossible timestamp and an unknown performance state', () => {
    const [line = ''] = bare(capture).split('\n')
    const broken = (from: string, to: string) => () => parseGpuSamples(line.replace(from, to))
    expect(broken('2026/11/24', '2026/02/30')).toThrow(NvidiaSmiParseError)
    expect(broken('2026/11/24', '24.11.2026')).toThrow(/line 1, field timestamp: expected a time/)
    expect(broken(', P0', ', fast')).toThrow(/field pstate: expected a performance state/)
  })

  it('refuses a sampling interval that is not a positive whole number of milliseconds', () => {
    expect(() => gpuSampleQueryArgs(0)).toThrow(RangeError)
    expect(() => gpuSampleQueryArgs(2.5)).toThrow(RangeError)
  })
})
