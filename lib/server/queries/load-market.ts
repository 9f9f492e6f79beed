import 'server-only'
import type { Filter } from '@/lib/market/filter-grammar'
import { FIRST_PAGE_SIZE, type ListingPage } from '@/lib/market/market-queries'
import { type ModelStats, marketStats } from '@/lib/market/market-stats'
import { listOffers } from '@/lib/market/offer-list'
import type { OfferPage } from '@/lib/market/offer-view'
import { ServerConfigError } from '@/lib/server/server-config'
import { getServerContext } from '@/lib/server/server-context'

/** What the marketplace view needs from the server besides the search it was opened with. */
export type MarketFirstPaint = {
  initialPage: ListingPage | null
  facets: OfferPage['facets']
  /** When the server read the data (ms since the epoch). */
  renderedAt: number
}

export type MarketLoad =
  | { ok: true; data: MarketFirstPaint; stats: ModelStats[] }
  | { ok: false; reason: string; configuration: boolean }

const EVERYTHING: Filter = { clauses: [], text: [] }

/**
 * Reads what the marketplace shows on first paint straight from the database: the listing's first
 * page (when its search parses), the facets of the whole market, and the prices per model.
 */
export async function loadMarket(filter: Filter | undefined, query: string | undefined): Promise<MarketLoad> {
  try {
    const { store } = await getServerContext()
    const now = new Date()
    const [page, everything, stats] = await Promise.all([
      filter && query !== undefined ? listOffers(store.db, { filter, limit: FIRST_PAGE_SIZE }, now) : null,
      listOffers(store.db, { filter: EVERYTHING, limit: 1 }, now),
      marketStats(store.db, now),
    ])
    const initialPage: ListingPage | null = page && query !== undefined ? { ...page, query } : null
    return { ok: true, data: { initialPage, facets: everything.facets, renderedAt: now.getTime() }, stats }
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
