import { type ListedOffer, listedOffer } from './listed-offer'
import { offerQueryKeys } from './offer-query-keys'
import type { OfferPage } from './offer-view'

/** The first page is what the server renders into the HTML; later pages are larger, read as you scroll. */
export const FIRST_PAGE_SIZE = 50
export const NEXT_PAGE_SIZE = 200
/** Offers change when the aggregator polls providers; the page follows at this pace. */
export const LIVE_REFRESH_MS = 10_000

/**
 * A page of offers as the listing holds it (no signatures: listed-offer) and the canonical query it
 * answers, so a shown page knows which filter it is for.
 */
export type ListingPage = Omit<OfferPage, 'offers'> & { offers: ListedOffer[]; query: string }

/** An API page as the listing holds it. */
export function listingPage(page: OfferPage, query: string): ListingPage {
  return { ...page, offers: page.offers.map(listedOffer), query }
}

// The listing's own wording, pinned by the marketplace's notices.
const listingCall = (signal: AbortSignal) => ({
  signal,
  unreachable: 'the market server cannot be reached (offline, or the server is down)',
  fallback: (status: number) => `the market server answered ${status}`,
})

/**
 * The HTTP client and the answer's schema (zod and all): the first page comes with the HTML, so
 * they load with the first fetch (a refresh, a search, the next page) rather than with the page.
 */
const listingReader = async () => {
  const [{ marketGet }, { offerPageSchema }] = await Promise.all([
    import('@/lib/http/market-client'),
    import('./offer-view'),
  ])
  return (path: string, signal: AbortSignal) => marketGet(path, offerPageSchema, listingCall(signal))
}

/** Someone reached for the search or the menus: have the reader ready before their first fetch. */
export function warmListingReader(): void {
  void listingReader()
}

export async function fetchOfferPage(query: string, cursor: string | null, signal: AbortSignal) {
  const read = await listingReader()
  const params = new URLSearchParams(query)
  params.set('limit', String(cursor ? NEXT_PAGE_SIZE : FIRST_PAGE_SIZE))
  if (cursor) params.set('cursor', cursor)
  return listingPage(await read(`/api/offers?${params}`, signal), query)
}

/*
 * The queries below are plain option objects (the library's option helpers would bring it into the
 * first load): the marketplace runs them on the query library loaded with its first fetch
 * (lib/query/deferred-query.ts).
 */

/** One listing, a page at a time by cursor, refreshed while the tab is visible. */
export const offerListOptions = (query: string) => ({
  queryKey: offerQueryKeys.list(query),
  queryFn: ({ pageParam, signal }: { pageParam: string | null; signal: AbortSignal }) =>
    fetchOfferPage(query, pageParam, signal),
  initialPageParam: null as string | null,
  getNextPageParam: (last: ListingPage) => last.next,
  refetchInterval: LIVE_REFRESH_MS,
})

/** Every GPU model and region on offer (the menus' choices), whatever the current filter. */
export const marketFacetsOptions = () => ({
  queryKey: offerQueryKeys.facets(),
  queryFn: async ({ signal }: { signal: AbortSignal }): Promise<OfferPage['facets']> =>
    (await (await listingReader())('/api/offers?limit=1', signal)).facets,
  refetchInterval: LIVE_REFRESH_MS,
})
