import 'server-only'
import type { Database } from '@/lib/db/database'
import type { Filter } from '@/lib/market/filter-grammar'
import { type ModelStats, marketStats } from '@/lib/market/market-stats'
import { listOffers } from '@/lib/market/offer-list'
import {
  type ListingRead,
  listingKey,
  type MarketReads,
  marketReads,
  type Read,
  readThrough,
} from '../market-reads'

type ListingQuery = { filter: Filter; limit: number; cursor?: string }

/**
 * One page of live offers for a search, as /api/offers answers it and the marketplace renders it:
 * both read it here, through the process's shared cache, so they never disagree on how fresh it is.
 * A bad cursor rejects with offer-list's CursorError (and is not cached).
 */
export function readListing(
  db: Database,
  query: ListingQuery,
  reads: MarketReads = marketReads(),
): Promise<ListingRead> {
  return reads.listings.get(listingKey(query.filter, query.limit, query.cursor), async () => {
    const at = new Date()
    const value = await listOffers(db, query, at)
    return { value, readAt: at.getTime(), json: JSON.stringify(value) }
  })
}

/** Prices per GPU model over live offers, through the same cache and freshness as the listing. */
export function readMarketStats(
  db: Database,
  reads: MarketReads = marketReads(),
): Promise<Read<ModelStats[]>> {
  return readThrough(reads.stats, 'all', (at) => marketStats(db, at))
}
