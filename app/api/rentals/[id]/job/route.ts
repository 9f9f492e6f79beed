import type { z } from 'zod'
import { readJsonBody, sameOriginPost } from '@/lib/auth/request-guards'
import { checkRateLimit } from '@/lib/http/rate-limit'
import { canonicalJson, jobSpecHash, jobSpecSchema } from '@/lib/jobs/job-spec'
import { rentalById } from '@/lib/market/rental-views'
import { rentalInfoSchema } from '@/lib/protocol/rental-info'
import type { jobDeliverySchema } from '@/lib/rent/deliver-job'
import { callAgent } from '@/lib/server/agent-client'
import { ApiError, route } from '@/lib/server/api-error'
import { eventually } from '@/lib/server/eventually'
import { accessRental, parseRentalId } from '@/lib/server/rental-access'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

const MAX_JOB_BYTES = 64 * 1024

/** How long delivery waits for the indexer and the agent to see a rent mined moments ago. */
const CATCH_UP_MS = 10_000
const CATCH_UP_INTERVAL_MS = 200

/**
 * POST /api/rentals/:id/job — the renter delivers the job spec. Its hash must be the jobSpecHash
 * that `rent` recorded; the market forwards it, signed with the operator key, to the provider's agent.
 * Sent right after the rent is mined, it waits here (up to ten seconds) for the index and the agent
 * to see the rental, so the browser sends one request instead of retrying "not yet" answers.
 */
export const POST = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const ctx = await getServerContext()
  const limited = await checkRateLimit(request, ctx, 'rentals')
  if (limited) return limited
  const refused = sameOriginPost(request, ctx.config)
  if (refused) return refused
  const id = parseRentalId((await context.params).id)
  const access = await accessRental(request, ctx, id)
  const { provider, role } = access
  if (role !== 'renter') throw new ApiError('forbidden', 'Only the renter delivers the job spec.')
  const parsed = jobSpecSchema.safeParse(await readJsonBody(request, MAX_JOB_BYTES))
  if (!parsed.success) {
    throw new ApiError(
      'invalid',
      parsed.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; '),
    )
  }
  const catchUp = { withinMs: CATCH_UP_MS, intervalMs: CATCH_UP_INTERVAL_MS }
  const row = access.row ?? (await eventually(async () => rentalById(ctx.store.db, id), catchUp))
  if (!row) throw new ApiError('conflict', 'The rental is not indexed yet; try again in a few seconds.')
  if (jobSpecHash(parsed.data) !== row.jobSpecHash) {
    throw new ApiError(
      'invalid',
      'This job spec’s hash differs from the jobSpecHash recorded on-chain when you rented.',
    )
  }
  // The agent answers 404 until its own chain sync has seen the Rented event.
  const agent = await eventually(
    () =>
      callAgent(ctx, provider, `/v1/rentals/${id}/job`, rentalInfoSchema, {
        method: 'POST',
        body: canonicalJson(parsed.data),
      }),
    { ...catchUp, retryable: (error) => error instanceof ApiError && error.code === 'not_found' },
  )
  // Only a retried 404 running past the wait leaves nothing, and that one is thrown; this is the type's due.
  if (!agent) throw new ApiError('unavailable', 'The provider’s agent did not answer; try again shortly.')
  const answer: z.input<typeof jobDeliverySchema> = { delivered: true, agent }
  return Response.json(answer, { status: 202 })
})

export function GET() {
  return Response.json(
    { error: { code: 'method_not_allowed', message: 'Use POST.' } },
    { status: 405, headers: { allow: 'POST' } },
  )
}
