import { z } from 'zod'

/*
 * What the provider's agent says about a job reaches the browser through the market server as the
 * agent wrote it, so it is checked here before the page uses it: bounded strings, finite numbers.
 * Anything else is dropped (an unreadable status is null; a bad log line or sample is skipped).
 */

const text = (max: number) => z.string().max(max)
const epochMs = z.number().int().nonnegative()

const timelineEntry = z.object({
  at: epochMs,
  status: text(32),
  note: text(512).optional(),
  txHash: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/)
    .optional(),
})

const agentJobSchema = z.object({
  status: text(32),
  timeline: z.array(timelineEntry).max(1000).default([]),
  jobDelivered: z.boolean().default(false),
  gpuIndices: z.array(z.number().int().nonnegative()).max(1024).default([]),
  startedAt: epochMs.optional(),
  endsAt: epochMs.optional(),
  exitCode: z.number().int().nullable().optional(),
})

/** The agent's view of a rental's job: status, its history, when it started and ends (epoch ms). */
export type AgentJob = z.infer<typeof agentJobSchema>

export function parseAgentJob(value: unknown): AgentJob | null {
  const parsed = agentJobSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

const logLineSchema = z.object({
  seq: z.number().int().nonnegative(),
  at: epochMs,
  stream: z.enum(['stdout', 'stderr', 'system']),
  // The agent caps lines far below this; a longer one is not a log line.
  text: text(64 * 1024),
})

/** One line of the job's output; `seq` counts a rental's lines from 0 without gaps. */
export type LogLine = z.infer<typeof logLineSchema>

export function parseLogLine(value: unknown): LogLine | null {
  const parsed = logLineSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

const percent = z.number().min(0).max(100).nullable()

const gpuSampleSchema = z.object({
  timeMs: epochMs,
  index: z.number().int().nonnegative().max(1024),
  memoryMiB: z.number().nonnegative(),
  memoryUsedMiB: z.number().nonnegative().nullable(),
  utilizationPct: percent,
})

/** One reading of one GPU: utilisation and memory in use. */
export type GpuSample = z.infer<typeof gpuSampleSchema>

export function parseGpuSample(value: unknown): GpuSample | null {
  const parsed = gpuSampleSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}
