import 'server-only'
import type { Filter } from '@/lib/market/filter-grammar'
import { FIRST_PAGE_SIZE, type ListingPage, listingPage } from '@/lib/market/market-queries'
import type { ModelStats } from '@/lib/market/market-stats'
import type { OfferPage } from '@/lib/market/offer-view'
import type { InitialSearch } from '@/lib/market/search-state'
import { createMarketReads, marketReads } from '@/lib/server/market-reads'
import { ServerConfigError } from '@/lib/server/server-config'
import { getServerContext } from '@/lib/server/server-context'
import { readListing, readMarketStats } from './market-listing'

/** What the marketplace view needs from the server besides the search it was opened with. */
export type MarketFirstPaint = {
  initialPage: ListingPage | null
  facets: OfferPage['facets']
  /** When the server read the data (ms since the epoch): the oldest of the reads shown. */
  renderedAt: number
}

export type MarketLoad =
  | { ok: true; data: MarketFirstPaint; stats: ModelStats[] }
  | { ok: false; reason: string; configuration: boolean }

const EVERYTHING: Filter = { clauses: [], text: [] }

/**
 * Reads what the marketplace shows on first paint for a search: the listing's first page (when the
 * search parses), the facets of the whole market, and the prices per model. The listing and the
 * facets are the very answers /api/offers gives for the same queries (one shared cache), so the page
 * is never older than the API, and each is read from the database at most once per freshness
 * interval. `fresh` reads the database now, for a page that is cached itself (the first visit's),
 * so that its own age is not added to the cache's.
 */
export async function loadMarket(
  initial: InitialSearch,
  options: { fresh?: boolean } = {},
): Promise<MarketLoad> {
  const { parsed, canonical: query } = initial
  const filter = parsed.ok ? { ...parsed.filter, ...(initial.sort ? { sort: initial.sort } : {}) } : undefined
  const reads = options.fresh ? createMarketReads() : marketReads()
  try {
    const { store } = await getServerContext()
    const [page, everything, stats] = await Promise.all([
      filter && query !== undefined ? readListing(store.db, { filter, limit: FIRST_PAGE_SIZE }, reads) : null,
      // What the browser's facet query asks (/api/offers?limit=1), so the two share one entry.
      readListing(store.db, { filter: EVERYTHING, limit: 1 }, reads),
      readMarketStats(store.db, reads),
    ])
    const initialPage: ListingPage | null =
      page && query !== undefined ? listingPage(page.value, query) : null
    // The browser refreshes from the oldest of the two, so neither is kept past its time.
    const renderedAt = Math.min(everything.readAt, page?.readAt ?? everything.readAt)
    return {
      ok: true,
      data: { initialPage, facets: everything.value.facets, renderedAt },
      stats: stats.value,
    }
  } catch (error) {
    console.error('marketplace: could not read the market', error)
    if (error instanceof ServerConfigError) return { ok: false, reason: error.message, configuration: true }
    return {
      ok: false,
      reason: 'the market database could not be read (see the server log)',
      configuration: false,
    }
  }
}
