import { z } from 'zod'
import { rentalViewSchema } from '@/lib/market/rental-view'
import { gpuSampleSchema } from '@/lib/protocol/gpu-metrics'
import { logLineSchema } from '@/lib/protocol/job-logs'
import { rentalInfoSchema } from '@/lib/protocol/rental-info'

/*
 * What the provider's agent says about a job reaches the browser through the market server, which
 * reads it with the agent protocol's schemas; the page reads it again with the same ones, since an
 * older market server may pass on what it did not check.
 */

/** The agent's view of a rental's job: status, its history, when it started and ends (epoch ms). */
export const agentJobSchema = rentalInfoSchema.omit({ id: true, renter: true })
export type AgentJob = z.infer<typeof agentJobSchema>

/** The job as the agent reported it, or null (shown as "unknown") for a report the page cannot read. */
export function parseAgentJob(value: unknown): AgentJob | null {
  const parsed = agentJobSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

/**
 * The events of GET /api/rentals/:id/events and what each one's data is: the server emits them
 * typed by these schemas and the page reads them with the same ones.
 */
export const liveEventSchemas = {
  /** The market's own view of its index (null until the rental is indexed). */
  rental: rentalViewSchema.nullable(),
  status: agentJobSchema,
  log: logLineSchema,
  gpu: gpuSampleSchema,
  'agent-error': z.object({ message: z.string() }),
  end: z.object({}),
}
export type LiveEventName = keyof typeof liveEventSchemas
export type LiveEventData<K extends LiveEventName> = z.input<(typeof liveEventSchemas)[K]>
