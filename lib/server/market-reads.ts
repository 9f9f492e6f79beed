import 'server-only'
import type { Filter } from '@/lib/market/filter-grammar'
import { formatFilter } from '@/lib/market/filter-grammar-format'
import type { ModelStats } from '@/lib/market/market-stats'
import { OFFERS_FRESH_MS, OFFERS_STALE_MS } from '@/lib/market/offer-freshness'
import type { OfferPage } from '@/lib/market/offer-view'
import { TtlCache } from '@/lib/market/ttl-cache'
import type { OfferWithProvider } from './queries/offer-with-provider'

/*
 * Every read of offers that /api/offers and the pages make goes through one set of caches per
 * process, with the freshness rule of offer-freshness.ts. The marketplace page and /api/offers read
 * the same entries, so a page never shows offers older than the API answers at that moment, and a
 * popular page costs one database read per interval, however many visitors it has.
 */

/** A value read from the database, and when (ms since the epoch): the page tells the browser its age. */
export type Read<T> = { value: T; readAt: number }

/** A listing page as both readers want it: the object for the page, the JSON text for the API. */
export type ListingRead = Read<OfferPage> & { json: string }

export type MarketReads = {
  /** Pages of /api/offers and the marketplace's listing and facets, by `listingKey`. */
  listings: TtlCache<ListingRead>
  /** Prices per GPU model (one entry). */
  stats: TtlCache<Read<ModelStats[]>>
  /** One offer and its provider, by id (and provider when the link names one). */
  offers: TtlCache<Read<OfferWithProvider>>
}

/** A cache with the offers' freshness rule (offer-freshness.ts). */
export function marketReadCache<V>(): TtlCache<V> {
  return new TtlCache<V>(OFFERS_FRESH_MS, { staleMs: OFFERS_STALE_MS })
}

export function createMarketReads(): MarketReads {
  return { listings: marketReadCache(), stats: marketReadCache(), offers: marketReadCache() }
}

type Holder = { weftMarketReads?: MarketReads }

/**
 * The process's caches, on globalThis like the server context: Next bundles routes separately, and
 * a module-level cache could exist once per route instead of being shared by the page and the API.
 */
export function marketReads(): MarketReads {
  const holder = globalThis as Holder
  holder.weftMarketReads ??= createMarketReads()
  return holder.weftMarketReads
}

/** The key of one listing page: the same search, sort and page give the same key, however written. */
export function listingKey(filter: Filter, limit: number, cursor: string | undefined): string {
  const sort = filter.sort ? [filter.sort.field, filter.sort.order] : null
  return JSON.stringify([formatFilter(filter), sort, limit, cursor ?? null])
}

/**
 * Reads through `cache` under `key`: on a miss, `compute` runs with the moment of the read (the one
 * its query should treat as now), and the value is stamped with it.
 */
export function readThrough<T>(
  cache: TtlCache<Read<T>>,
  key: string,
  compute: (at: Date) => Promise<T>,
): Promise<Read<T>> {
  return cache.get(key, async () => {
    const at = new Date()
    return { value: await compute(at), readAt: at.getTime() }
  })
}
