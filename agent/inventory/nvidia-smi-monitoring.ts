import type { GpuComputeApp, GpuMetricSample } from './gpu-device'
import { GPU_UUID } from './nvidia-smi'
import { NvidiaSmiParseError, type NvidiaSmiRow, parseNvidiaSmiCsv } from './nvidia-smi-csv'

/**
 * What the agent watches while a job runs: the processes on each GPU and a timeline of GPU
 * metrics. Unlike the inventory, empty output is normal here (no process, no sample yet).
 */

export const COMPUTE_APPS_QUERY_FIELDS = ['pid', 'process_name', 'used_memory', 'gpu_uuid'] as const

export const COMPUTE_APPS_QUERY_ARGS: readonly string[] = [
  `--query-compute-apps=${COMPUTE_APPS_QUERY_FIELDS.join(',')}`,
  '--format=csv,noheader,nounits',
]

export const GPU_SAMPLE_QUERY_FIELDS = [
  'timestamp',
  'index',
  'uuid',
  'name',
  'memory.total',
  'memory.used',
  'memory.free',
  'utilization.gpu',
  'utilization.memory',
  'temperature.gpu',
  'power.draw',
  'clocks.sm',
  'pstate',
] as const
type GpuSampleQueryField = (typeof GPU_SAMPLE_QUERY_FIELDS)[number]

/** Arguments for a sampler that prints one line per GPU every `intervalMs` until killed. */
export function gpuSampleQueryArgs(intervalMs: number): string[] {
  if (!Number.isInteger(intervalMs) || intervalMs < 1)
    throw new RangeError(`intervalMs must be a positive integer`)
  return [
    `--query-gpu=${GPU_SAMPLE_QUERY_FIELDS.join(',')}`,
    '--format=csv,noheader,nounits',
    '-lms',
    String(intervalMs),
  ]
}

/** Parses `--query-compute-apps` output (header and units optional); no processes gives `[]`. */
export function parseComputeApps(output: string): GpuComputeApp[] {
  const rows = parseNvidiaSmiCsv(output, COMPUTE_APPS_QUERY_FIELDS, { freeTextField: 'process_name' })
  return rows.map((row) => ({
    pid: row.number('pid'),
    processName: row.text('process_name'),
    usedMemoryMiB: row.optionalNumber('used_memory'),
    gpuUuid: row.matching('gpu_uuid', GPU_UUID, 'a GPU-… uuid'),
  }))
}

/**
 * Parses timeline samples (`gpuSampleQueryArgs`, or the `--format=csv` capture with header and
 * units). Accepts any run of complete lines, so a streaming reader can hand over what it has.
 */
export function parseGpuSamples(output: string): GpuMetricSample[] {
  return parseNvidiaSmiCsv(output, GPU_SAMPLE_QUERY_FIELDS).map((row) => {
    const timestamp = row.text('timestamp')
    return {
      timestamp,
      timeMs: localTimeMs(row, timestamp),
      index: row.number('index'),
      uuid: row.matching('uuid', GPU_UUID, 'a GPU-… uuid'),
      memoryMiB: row.number('memory.total'),
      memoryUsedMiB: row.optionalNumber('memory.used'),
      memoryFreeMiB: row.optionalNumber('memory.free'),
      utilizationPct: row.optionalNumber('utilization.gpu'),
      memoryUtilizationPct: row.optionalNumber('utilization.memory'),
      temperatureC: row.optionalNumber('temperature.gpu'),
      powerW: row.optionalNumber('power.draw', 'decimal'),
      smClockMHz: row.optionalNumber('clocks.sm'),
      pstate: row.optionalMatching('pstate', /^P\d{1,2}$/, 'a performance state such as P0'),
    }
  })
}

const TIMESTAMP = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/

/**
 * nvidia-smi prints `2026/11/24 23:13:54.759` in the host's local time without an offset; the
 * agent runs on that host, so reading it as local time here gives the right instant.
 */
function localTimeMs(row: NvidiaSmiRow<GpuSampleQueryField>, timestamp: string): number {
  const parts = TIMESTAMP.exec(timestamp)
  const [year, month, day, hour, minute, second] = (parts?.slice(1, 7) ?? []).map(Number)
  const ms = Number((parts?.[7] ?? '0').padEnd(3, '0'))
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined
  ) {
    throw invalidTimestamp(row, timestamp)
  }
  const date = new Date(year, month - 1, day, hour, minute, second, ms)
  // Date rolls 2026/02/30 over into March; a real nvidia-smi timestamp never needs that.
  if (date.getMonth() !== month - 1 || date.getDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw invalidTimestamp(row, timestamp)
  }
  return date.getTime()
}

const invalidTimestamp = (row: NvidiaSmiRow<GpuSampleQueryField>, timestamp: string) =>
  new NvidiaSmiParseError(`expected a time such as 2026/11/24 23:13:54.759, found "${timestamp}"`, {
    line: row.line,
    field: 'timestamp',
  })
