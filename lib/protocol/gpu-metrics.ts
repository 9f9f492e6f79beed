import { z } from 'zod'

/**
 * What the market reads of one sample in an agent's `GET /v1/rentals/:id/metrics` (the agent sends
 * more of nvidia-smi's fields; the rental page charts these): utilisation and memory in use.
 */
export const gpuSampleSchema = z.object({
  timeMs: z.number().int().nonnegative(),
  index: z.number().int().nonnegative().max(1024),
  memoryMiB: z.number().nonnegative(),
  memoryUsedMiB: z.number().nonnegative().nullable(),
  utilizationPct: z.number().min(0).max(100).nullable(),
})
export type GpuSample = z.infer<typeof gpuSampleSchema>

/** `GET /v1/rentals/:id/metrics`. */
export const gpuMetricsSchema = z.object({ samples: z.array(gpuSampleSchema).max(100_000) })
