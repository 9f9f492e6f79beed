'use client'

import { useCallback, useEffect, useMemo, useState } from 'react'
import { useDeferredInfiniteQuery } from '@/lib/query/deferred-query'
import { useDeferredModule } from '@/lib/ui/use-deferred-module'
import type { Filter, FilterSort } from './filter-grammar'
import { LIVE_REFRESH_MS, type ListingPage, offerListOptions } from './market-queries'
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
  const rendered = initialPage && initialPage.query === committed ? initialPage : undefined
  // The rendered page needs no library to show; it loads for the first fetch: a search the page
  // was not rendered for, the next page, a retry, or the listing's first refresh.
  const [wanted, setWanted] = useState(false)
  const want = useCallback(() => setWanted(true), [])
  const due = useRefreshDue(renderedAt)
  const query = useDeferredInfiniteQuery(
    {
      ...offerListOptions(committed ?? ''),
      enabled: committed !== undefined,
      initialData: rendered ? { pages: [rendered], pageParams: [null] } : undefined,
      initialDataUpdatedAt: renderedAt,
      placeholderData: (previous) => previous,
    },
    wanted || due || (committed !== undefined && !rendered),
  )
  const renderedPages = useMemo(() => rendered && [rendered], [rendered])
  const pages = query ? query.data?.pages : renderedPages
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
    loading: query
      ? query.isPending && query.fetchStatus === 'fetching'
      : committed !== undefined && !rendered,
    error: query?.error ?? null,
    dataUpdatedAt: query ? query.dataUpdatedAt : renderedAt,
    refetch: query?.refetch ?? want,
    fetchNextPage: query
      ? !local && query.hasNextPage && !query.isFetchingNextPage && !query.isPlaceholderData
        ? query.fetchNextPage
        : undefined
      : !local && !complete && pages !== undefined
        ? want
        : undefined,
    fetchingMore: query ? query.isFetchingNextPage : wanted,
  }
}

/** Whether the listing rendered at `renderedAt` is due for its first refresh. */
function useRefreshDue(renderedAt: number): boolean {
  const [due, setDue] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setDue(true), Math.max(0, renderedAt + LIVE_REFRESH_MS - Date.now()))
    return () => clearTimeout(timer)
  }, [renderedAt])
  return due
}
