import { type FileHandle, open } from 'node:fs/promises'
import { z } from 'zod'
import type { GpuMetricSample } from '../inventory/gpu-device'
import { isErrno, jobFile } from './job-files'
import { forEachLine, lastLines, lineAfter, PROBE_BYTES } from './jsonl-file'

/**
 * Where a sample comes from. 'simulated' samples (hosts without GPUs: the demo, tests) are
 * derived from the job's real processes, not invented: see gpu-sampler.ts for the mapping.
 */
export type MetricSource = 'nvidia-smi' | 'simulated'
export type JobMetricSample = GpuMetricSample & { readonly source: MetricSource }

const nullableNumber = z.number().nullable()
export const jobMetricSampleSchema = z.strictObject({
  source: z.enum(['nvidia-smi', 'simulated']),
  timestamp: z.string(),
  timeMs: z.number(),
  index: z.number().int().nonnegative(),
  uuid: z.string(),
  memoryMiB: z.number(),
  memoryUsedMiB: nullableNumber,
  memoryFreeMiB: nullableNumber,
  utilizationPct: nullableNumber,
  memoryUtilizationPct: nullableNumber,
  temperatureC: nullableNumber,
  powerW: nullableNumber,
  smClockMHz: nullableNumber,
  pstate: z.string().nullable(),
})

export const DEFAULT_METRICS_LIMIT = 2000

/**
 * A job's samples at or after `sinceMs`, oldest first, at most `limit`; without `sinceMs`, the
 * latest `limit`. Samples are appended in time order, so the start is found by bisecting the
 * file's bytes: a read costs a few probes plus the samples returned, not the whole file.
 */
export async function readMetrics(
  jobDir: string,
  options: { sinceMs?: number; limit?: number } = {},
): Promise<JobMetricSample[]> {
  const limit = Math.max(1, Math.min(10 * DEFAULT_METRICS_LIMIT, options.limit ?? DEFAULT_METRICS_LIMIT))
  let file: FileHandle
  try {
    file = await open(jobFile(jobDir, 'metrics.jsonl'), 'r')
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return []
    throw error
  }
  try {
    const { size } = await file.stat()
    const since = options.sinceMs
    if (since === undefined) return (await lastLines(file, size, limit)).flatMap(parseSample)
    let low = 0 // always the start of a line whose sample is before `since` (or the file start)
    let high = size
    while (high - low > PROBE_BYTES) {
      const middle = Math.floor((low + high) / 2)
      const probe = await lineAfter(file, middle)
      const sample = probe && parseSample(probe.raw)[0]
      if (probe && sample && sample.timeMs < since) low = probe.start
      else high = middle
    }
    const samples: JobMetricSample[] = []
    await forEachLine(file, low, (raw) => {
      for (const sample of parseSample(raw)) if (sample.timeMs >= since) samples.push(sample)
      return samples.length < limit
    })
    return samples.slice(0, limit)
  } finally {
    await file.close()
  }
}

function parseSample(raw: Buffer): JobMetricSample[] {
  try {
    const parsed = jobMetricSampleSchema.safeParse(JSON.parse(raw.toString('utf8')))
    return parsed.success ? [parsed.data] : []
  } catch {
    return []
  }
}
