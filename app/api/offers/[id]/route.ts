import { eq } from 'drizzle-orm'
import { providers } from '@/lib/db/schema'
import { getOffer, toOfferView } from '@/lib/market/offer-list'
import { offerProviderRecord } from '@/lib/market/provider-list'
import { ApiError, route } from '@/lib/server/api-error'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

/** GET /api/offers/:offerId[?provider=0x…] — one offer and its provider's record. */
export const GET = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const { id } = await context.params
  if (!/^0x[0-9a-fA-F]{64}$/.test(id))
    throw new ApiError('invalid', 'the offer id must be 0x followed by 64 hex digits')
  const provider = new URL(request.url).searchParams.get('provider') ?? undefined
  if (provider !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(provider)) {
    throw new ApiError('invalid', 'provider must be an address')
  }
  const { store } = await getServerContext()
  const rows = await getOffer(store.db, id, provider)
  const [row] = rows
  if (!row)
    throw new ApiError('not_found', 'no live offer with this id: it may have been rented or have expired')
  if (rows.length > 1)
    throw new ApiError('conflict', 'several providers use this offer id: add ?provider=0x…')
  const [record] = await store.db.select().from(providers).where(eq(providers.address, row.provider))
  return Response.json({
    ...toOfferView(row, new Date()),
    expired: row.expiresAt.getTime() <= Date.now(),
    provider: record ? offerProviderRecord(record) : null,
  })
})
