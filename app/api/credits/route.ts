import { requireSession } from '@/lib/auth/sessions'
import { checkRateLimit } from '@/lib/http/rate-limit'
import type { CreditList } from '@/lib/market/rental-view'
import { creditsOf } from '@/lib/market/rental-views'
import { route } from '@/lib/server/api-error'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

/**
 * GET /api/credits — the signed-in address's credited payouts, per token: refunds and pay the token
 * refused to transfer (a blacklist, a pause), which the market keeps for `withdraw(token)`. Counted
 * with the rental reads.
 */
export const GET = route(async (request: Request) => {
  const ctx = await getServerContext()
  const limited = await checkRateLimit(request, ctx, 'rentals')
  if (limited) return limited
  const session = await requireSession(request, ctx)
  const answer: CreditList = {
    address: session.address,
    credits: await creditsOf(ctx.store.db, session.address),
  }
  return Response.json(answer, { headers: { 'cache-control': 'no-store' } })
})
