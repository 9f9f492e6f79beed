import { checkRateLimit } from '@/lib/http/rate-limit'
import { route } from '@/lib/server/api-error'
import { accessRental, parseRentalId } from '@/lib/server/rental-access'
import { rentalEventStream } from '@/lib/server/rental-event-stream'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

/** GET /api/rentals/:id/events — server-sent events: rental, status, log, gpu, end. Renter or provider only. */
export const GET = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const id = parseRentalId((await context.params).id)
  const ctx = await getServerContext()
  const limited = await checkRateLimit(request, ctx, 'events')
  if (limited) return limited
  const { provider } = await accessRental(request, ctx, id)
  return new Response(rentalEventStream(ctx, id, provider, request.signal), {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      'x-accel-buffering': 'no',
    },
  })
})
