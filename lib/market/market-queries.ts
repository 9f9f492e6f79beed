import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query'
import type { OfferPage } from './offer-list'
import { offerQueryKeys } from './offer-query-keys'

/** The first page is what the server renders into the HTML; later pages are larger, read as you scroll. */
export const FIRST_PAGE_SIZE = 50
export const NEXT_PAGE_SIZE = 200
/** Offers change when the aggregator polls providers; the page follows at this pace. */
export const LIVE_REFRESH_MS = 10_000

/** A page of offers and the canonical query it answers, so a shown page knows which filter it is for. */
export type ListingPage = OfferPage & { query: string }

/** The error an API route answers with (`{ error: { message } }`), as a sentence for the page. */
async function apiFailure(response: Response): Promise<Error> {
  // Not JSON (a proxy, a crashed server): the status says enough.
  const body: { error?: { message?: unknown } } | null = await response.json().catch(() => null)
  const message = body?.error?.message
  return new Error(typeof message === 'string' ? message : `the market server answered ${response.status}`)
}

async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' } })
  } catch (error) {
    if (signal.aborted) throw error
    throw new Error('the market server cannot be reached (offline, or the server is down)')
  }
  if (!response.ok) throw await apiFailure(response)
  return (await response.json()) as T
}

export async function fetchOfferPage(query: string, cursor: string | null, signal: AbortSignal) {
  const params = new URLSearchParams(query)
  params.set('limit', String(cursor ? NEXT_PAGE_SIZE : FIRST_PAGE_SIZE))
  if (cursor) params.set('cursor', cursor)
  const page = await getJson<OfferPage>(`/api/offers?${params}`, signal)
  return { ...page, query } satisfies ListingPage
}

/** One listing, a page at a time by cursor, refreshed while the tab is visible. */
export const offerListOptions = (query: string) =>
  infiniteQueryOptions({
    queryKey: offerQueryKeys.list(query),
    queryFn: ({ pageParam, signal }) => fetchOfferPage(query, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: ListingPage) => last.next,
    refetchInterval: LIVE_REFRESH_MS,
  })

/** Every GPU model and region on offer (the menus' choices), whatever the current filter. */
export const marketFacetsOptions = () =>
  queryOptions({
    queryKey: offerQueryKeys.facets(),
    queryFn: async ({ signal }) => (await getJson<OfferPage>('/api/offers?limit=1', signal)).facets,
    refetchInterval: LIVE_REFRESH_MS,
  })
