import { resolveGpuModel } from '@/lib/market/gpu-catalog'
import type { GpuDevice, MigMode } from './gpu-device'
import { NvidiaSmiParseError, type NvidiaSmiRow, parseNvidiaSmiCsv } from './nvidia-smi-csv'

/** The fields the agent asks nvidia-smi for, in order; `parseGpuQuery` reads exactly these. */
export const GPU_QUERY_FIELDS = [
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
  'power.limit',
  'pci.bus_id',
  'driver_version',
  'compute_cap',
  'clocks.max.sm',
  'mig.mode.current',
] as const

type GpuQueryField = (typeof GPU_QUERY_FIELDS)[number]

/**
 * The arguments for `nvidia-smi` that produce what `parseGpuQuery` reads. The parser also takes
 * the human-readable `--format=csv` (header and units), as captured in the fixtures.
 */
export const GPU_QUERY_ARGS: readonly string[] = [
  `--query-gpu=${GPU_QUERY_FIELDS.join(',')}`,
  '--format=csv,noheader,nounits',
]

export const GPU_UUID = /^GPU-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i
const PCI_BUS_ID = /^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i
const COMPUTE_CAPABILITY = /^\d+\.\d+$/

/**
 * Parses the output of `nvidia-smi` run with `GPU_QUERY_ARGS` (with or without header and units)
 * into devices, each mapped to its catalog model. Throws `NvidiaSmiParseError` naming the line and
 * field on anything malformed, and on output that lists no GPU at all.
 */
export function parseGpuQuery(output: string): GpuDevice[] {
  const rows = parseNvidiaSmiCsv(output, GPU_QUERY_FIELDS)
  if (rows.length === 0) throw new NvidiaSmiParseError('lists no GPUs (empty output)')
  const devices = rows.map(toDevice)
  rows.forEach((row, i) => {
    const device = devices[i]
    const earlier = devices.slice(0, i)
    if (device && earlier.some((other) => other.uuid === device.uuid || other.index === device.index)) {
      throw new NvidiaSmiParseError(`repeats GPU ${device.index} (${device.uuid})`, { line: row.line })
    }
  })
  return devices
}

function toDevice(row: NvidiaSmiRow<GpuQueryField>): GpuDevice {
  const name = row.text('name')
  const memoryMiB = row.number('memory.total')
  const resolved = resolveGpuModel(name, { memoryMiB })
  return {
    index: row.number('index'),
    uuid: row.matching('uuid', GPU_UUID, 'a GPU-… uuid'),
    name,
    model: resolved.known ? resolved.model : null,
    memoryMiB,
    memoryUsedMiB: row.optionalNumber('memory.used'),
    memoryFreeMiB: row.optionalNumber('memory.free'),
    utilizationPct: row.optionalNumber('utilization.gpu'),
    memoryUtilizationPct: row.optionalNumber('utilization.memory'),
    temperatureC: row.optionalNumber('temperature.gpu'),
    powerW: row.optionalNumber('power.draw', 'decimal'),
    powerLimitW: row.optionalNumber('power.limit', 'decimal'),
    pciBusId: row.optionalMatching('pci.bus_id', PCI_BUS_ID, 'a PCI bus id such as 00000000:00:06.0'),
    driverVersion: row.optionalText('driver_version'),
    computeCapability: row.optionalMatching('compute_cap', COMPUTE_CAPABILITY, 'a version such as 9.0'),
    maxSmClockMHz: row.optionalNumber('clocks.max.sm'),
    migMode: migMode(row),
  }
}

function migMode(row: NvidiaSmiRow<GpuQueryField>): MigMode | null {
  const value = row.optionalMatching('mig.mode.current', /^(Enabled|Disabled)$/, 'Enabled or Disabled')
  return value === null ? null : value === 'Enabled' ? 'enabled' : 'disabled'
}
