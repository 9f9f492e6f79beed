import type { FilterSort } from './filter-grammar'

/**
 * Query keys of the marketplace's live data, from one place, hierarchical so that invalidating
 * `offerQueryKeys.all` (after a rent, say) refreshes every offer listing at once.
 */
export const offerQueryKeys = {
  all: ['offers'] as const,
  lists: () => [...offerQueryKeys.all, 'list'] as const,
  /**
   * One listing, by its canonical query string (canonicalOfferQuery in
   * lib/market/canonical-query.ts, kept apart so these keys do not pull the parser along).
   */
  list: (canonicalQuery: string) => [...offerQueryKeys.lists(), canonicalQuery] as const,
  /** The facets of the whole market (every GPU model and region on offer), for the filter menus. */
  facets: () => [...offerQueryKeys.all, 'facets'] as const,
  stats: () => ['market', 'stats'] as const,
}

/** What `GET /api/offers` sorts by when the query names no sort. */
export const DEFAULT_OFFER_SORT: FilterSort = { field: 'gpuprice', order: 'asc' }

/** The sort a listing actually uses: the given one, else the API's default. */
export const effectiveSort = (sort: FilterSort | undefined): FilterSort => sort ?? DEFAULT_OFFER_SORT
