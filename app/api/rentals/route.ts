import { requireSession } from '@/lib/auth/sessions'
import { checkRateLimit } from '@/lib/http/rate-limit'
import type { ListedRental, RentalList } from '@/lib/market/rental-view'
import { rentalsOf, toRentalView } from '@/lib/market/rental-views'
import { route } from '@/lib/server/api-error'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

/** GET /api/rentals — the signed-in address's rentals, as renter and as provider. */
export const GET = route(async (request: Request) => {
  const ctx = await getServerContext()
  const limited = await checkRateLimit(request, ctx, 'rentals')
  if (limited) return limited
  const session = await requireSession(request, ctx)
  const rows = await rentalsOf(ctx.store.db, session.address)
  const now = new Date()
  const views = rows.map(
    (row): ListedRental => ({
      ...toRentalView(row, now),
      role: row.renter === session.address ? 'renter' : 'provider',
    }),
  )
  const answer: RentalList = { address: session.address, rentals: views }
  return Response.json(answer, { headers: { 'cache-control': 'no-store' } })
})
