import { checkRateLimit } from '@/lib/http/rate-limit'
import { route } from '@/lib/server/api-error'
import { accessRental, parseRentalId } from '@/lib/server/rental-access'
import { readRentalDetail } from '@/lib/server/rental-detail'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

/**
 * GET /api/rentals/:id — for its renter or provider: the indexed rental, its live state on-chain,
 * the job's status from the provider's agent, and the rental's transactions (receipts). A part that
 * cannot be reached is null with a reason. `market` and `chainId` say where to send stop, extend
 * and cancel; `agentEndpoint`, the provider's registered agent, is where the renter's browser
 * opens the rental's terminal, ports and files.
 */
export const GET = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const id = parseRentalId((await context.params).id)
  const ctx = await getServerContext()
  const limited = await checkRateLimit(request, ctx, 'rentals')
  if (limited) return limited
  const { row, provider, role } = await accessRental(request, ctx, id)
  const answer = await readRentalDetail(ctx, id, { row, provider, role })
  return Response.json(answer, { headers: { 'cache-control': 'no-store' } })
})
