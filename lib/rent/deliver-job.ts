import { z } from 'zod'
import { ApiFailure } from '@/lib/http/api-failure'
import { marketPost } from '@/lib/http/market-client'
import type { JobSpec } from '@/lib/jobs/job-spec'
import { rentalInfoSchema } from '@/lib/protocol/rental-info'

/** POST /api/rentals/:id/job's answer (202): delivered, with what the provider's agent now says. */
export const jobDeliverySchema = z.object({ delivered: z.literal(true), agent: rentalInfoSchema })

export type DeliveryResult =
  | { ok: true }
  | {
      ok: false
      status: number
      message: string
      /** 401: the sign-in expired or belongs to another account; sign in again, then retry. */
      needsSignIn: boolean
    }

type DeliverOptions = {
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  /** Tries in all for answers that mean "not yet": the index or the agent is seconds behind. */
  attempts?: number
  delayMs?: number
}

// The server itself waits ten seconds for the index and the agent; past that these still mean
// "not yet": 409 the rental is not indexed, 404 the agent has not seen the Rented event, 503 the
// agent did not answer.
const NOT_YET = new Set([404, 409, 503])

/**
 * POSTs the job spec to /api/rentals/:id/job (the market checks it against the on-chain hash and
 * forwards it to the provider's agent), retrying while the index or the agent catches up.
 */
export async function deliverJobSpec(
  rentalId: string,
  spec: JobSpec,
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const attempts = options.attempts ?? 10
  const delayMs = options.delayMs ?? 2000
  let last: DeliveryResult = {
    ok: false,
    status: 0,
    message: 'The job spec was not sent.',
    needsSignIn: false,
  }
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await marketPost(`/api/rentals/${rentalId}/job`, spec, jobDeliverySchema, {
        fetch: options.fetch,
        unreachable: 'The market server could not be reached. Check your connection.',
      })
      return { ok: true }
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error
      last = { ok: false, status: error.status, message: error.message, needsSignIn: error.status === 401 }
    }
    // Unreachable (status 0) is "not yet" too: the connection may come back within the tries.
    if (last.status !== 0 && !NOT_YET.has(last.status)) return last
    if (attempt < attempts) await sleep(delayMs)
  }
  return last
}
