import type { GpuModel } from '@/lib/market/gpu-model'

export type MigMode = 'enabled' | 'disabled'

/**
 * One GPU on this host, as the agent reports it: from nvidia-smi on a real host, from a JSON
 * file on a simulated one. Sensor readings a GPU does not support ("[N/A]", "[Not Supported]")
 * are null, never zero.
 */
export interface GpuDevice {
  /** nvidia-smi's index: the number `CUDA_VISIBLE_DEVICES` takes. */
  readonly index: number
  /** `GPU-…` uuid, stable across reboots and re-enumeration. */
  readonly uuid: string
  /** The name as reported (nvidia-smi's spelling, or the catalog display name when simulated). */
  readonly name: string
  /** The canonical catalog model, or null when the catalog does not know the name (kept in `name`). */
  readonly model: GpuModel | null
  /** Memory the driver reports (slightly below the model's nominal size). */
  readonly memoryMiB: number
  readonly memoryUsedMiB: number | null
  readonly memoryFreeMiB: number | null
  readonly utilizationPct: number | null
  readonly memoryUtilizationPct: number | null
  readonly temperatureC: number | null
  readonly powerW: number | null
  readonly powerLimitW: number | null
  /** `domain:bus:device.function`, e.g. `00000000:00:06.0`. */
  readonly pciBusId: string | null
  readonly driverVersion: string | null
  /** CUDA compute capability as printed, e.g. `9.0` (a version, so kept as text). */
  readonly computeCapability: string | null
  readonly maxSmClockMHz: number | null
  /** Null where the GPU cannot do MIG. */
  readonly migMode: MigMode | null
}

/** One sample of a GPU's activity, from nvidia-smi's timeline query (`-lms`). */
export interface GpuMetricSample {
  /** The timestamp as nvidia-smi printed it (host local time, no offset). */
  readonly timestamp: string
  /** `timestamp` as epoch milliseconds, read in this process's time zone (the host's). */
  readonly timeMs: number
  readonly index: number
  readonly uuid: string
  readonly memoryMiB: number
  readonly memoryUsedMiB: number | null
  readonly memoryFreeMiB: number | null
  readonly utilizationPct: number | null
  readonly memoryUtilizationPct: number | null
  readonly temperatureC: number | null
  readonly powerW: number | null
  readonly smClockMHz: number | null
  /** Performance state, `P0` (maximum) to `P12` (minimum). */
  readonly pstate: string | null
}

/** A process holding a GPU context, from `--query-compute-apps`. */
export interface GpuComputeApp {
  readonly pid: number
  readonly processName: string
  /** Null where the driver cannot account per process (e.g. Windows WDDM). */
  readonly usedMemoryMiB: number | null
  readonly gpuUuid: string
}
