'use client'

import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useDeferredModule } from '@/lib/ui/use-deferred-module'
import type { Filter, FilterSort } from './filter-grammar'
import { type ListingPage, offerListOptions } from './market-queries'
import { effectiveSort } from './offer-query-keys'

const loadLocalFilter = () => import('./offer-local')

type ListingInput = {
  /** The query being fetched (canonical), or undefined while no search has parsed yet. */
  committed: string | undefined
  /** What the search box says now, and its canonical query, if it parses. */
  filter: Filter | undefined
  canonical: string | undefined
  sort: FilterSort | undefined
  initialPage: ListingPage | null
  renderedAt: number
}

/**
 * The offers to show for the search as typed: the fetched listing, or, while a narrower search is on
 * its way and every offer of the fetched one is loaded, that listing filtered here at once.
 */
export function useOfferListing({
  committed,
  filter,
  canonical,
  sort,
  initialPage,
  renderedAt,
}: ListingInput) {
  const query = useInfiniteQuery({
    ...offerListOptions(committed ?? ''),
    enabled: committed !== undefined,
    initialData:
      initialPage && initialPage.query === committed
        ? { pages: [initialPage], pageParams: [null] }
        : undefined,
    initialDataUpdatedAt: renderedAt,
    placeholderData: keepPreviousData,
  })
  const pages = query.data?.pages
  const loaded = useMemo(() => pages?.flatMap((page) => page.offers) ?? [], [pages])
  const first = pages?.[0]
  const complete = pages !== undefined && pages.at(-1)?.next === null

  // The browser-side filter (with the GPU catalog it needs) arrives when someone reaches for the
  // search: only a search narrower than the listing's own needs it.
  const localFilter = useDeferredModule(loadLocalFilter, false)
  const local = useMemo(() => {
    if (
      !localFilter ||
      !first ||
      !complete ||
      !filter ||
      canonical === undefined ||
      first.query === canonical
    )
      return undefined
    return localFilter.narrowListing(loaded, first.query, filter, effectiveSort(sort))
  }, [localFilter, first, complete, filter, canonical, loaded, sort])

  const offers = local ?? loaded
  return {
    offers,
    total: local ? local.length : (first?.total ?? 0),
    /** Shown rows belong to an earlier search: the new one is still loading. */
    outdated: !local && first !== undefined && canonical !== undefined && first.query !== canonical,
    /** Filtered here while the server confirms. */
    filteredLocally: local !== undefined,
    loading: query.isPending && query.fetchStatus === 'fetching',
    error: query.error,
    dataUpdatedAt: query.dataUpdatedAt,
    refetch: query.refetch,
    fetchNextPage:
      !local && query.hasNextPage && !query.isFetchingNextPage && !query.isPlaceholderData
        ? query.fetchNextPage
        : undefined,
    fetchingMore: query.isFetchingNextPage,
  }
}
