import { filterFromSearchParams } from '@/lib/market/filter-grammar-params'
import { CursorError } from '@/lib/market/offer-list'
import { offerPagingSchema } from '@/lib/protocol/market-wire'
import { ApiError, route } from '@/lib/server/api-error'
import { readListing } from '@/lib/server/queries/market-listing'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

const paging = offerPagingSchema

/**
 * GET /api/offers?q=gpu=H100 gpus>=2 price<3&sort=gpuprice&order=asc&limit=50&cursor=…
 * Live offers matching the filter grammar (or the same filters as separate parameters), sorted,
 * a page at a time, with the total and facet counts.
 */
export const GET = route(async (request: Request) => {
  const params = new URL(request.url).searchParams
  const page = paging.safeParse({
    limit: params.get('limit') ?? undefined,
    cursor: params.get('cursor') ?? undefined,
  })
  if (!page.success) throw new ApiError('invalid', page.error.issues.map((i) => i.message).join('; '))
  const filterParams = new URLSearchParams(params)
  filterParams.delete('limit')
  filterParams.delete('cursor')
  const parsed = filterFromSearchParams(filterParams)
  if (!parsed.ok) {
    const { message, start, end, param } = parsed.error
    throw new ApiError('invalid', message, { position: { start, end }, ...(param ? { param } : {}) })
  }
  const { store } = await getServerContext()
  try {
    // Offers change when the aggregator polls: identical queries share one answer (kept as its JSON
    // text) for a couple of seconds, the same answer the marketplace page renders (market-reads.ts).
    const { json } = await readListing(store.db, { filter: parsed.filter, ...page.data })
    return new Response(json, {
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    })
  } catch (error) {
    if (error instanceof CursorError) throw new ApiError('invalid', error.message)
    throw error
  }
})
