import type { Filter, FilterSort } from './filter-grammar'
import { toSearchParams } from './filter-grammar-params'
import { DEFAULT_OFFER_SORT } from './offer-query-keys'

/**
 * The canonical URL query of a filter and sort: the same search always gives the same string, so it
 * is the page's shareable URL, the API request and the cache key. The default sort is left out.
 */
export function canonicalOfferQuery(filter: Pick<Filter, 'clauses' | 'text'>, sort?: FilterSort): string {
  const explicit =
    sort && (sort.field !== DEFAULT_OFFER_SORT.field || sort.order !== DEFAULT_OFFER_SORT.order)
      ? sort
      : undefined
  return toSearchParams({
    clauses: filter.clauses,
    text: filter.text,
    ...(explicit ? { sort: explicit } : {}),
  }).toString()
}
