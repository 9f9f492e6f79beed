import { toOfferView } from '@/lib/market/offer-list'
import { offerProviderRecord } from '@/lib/market/provider-list'
import { ApiError, route } from '@/lib/server/api-error'
import { findOfferWithProvider } from '@/lib/server/queries/offer-with-provider'
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
  const found = await findOfferWithProvider(store.db, id, provider)
  if (found.kind === 'missing')
    throw new ApiError('not_found', 'no live offer with this id: it may have been rented or have expired')
  if (found.kind === 'ambiguous')
    throw new ApiError('conflict', 'several providers use this offer id: add ?provider=0x…')
  const { row, provider: record } = found
  return Response.json({
    ...toOfferView(row, new Date()),
    expired: row.expiresAt.getTime() <= Date.now(),
    provider: record ? offerProviderRecord(record) : null,
  })
})
