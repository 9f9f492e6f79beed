'use client'

import type { ReactNode } from 'react'
import { type ListingPage, marketFacetsOptions } from '@/lib/market/market-queries'
import type { OfferPage } from '@/lib/market/offer-view'
import type { InitialSearch } from '@/lib/market/search-state'
import { useMarketSearch } from '@/lib/market/use-market-search'
import { useOfferListing } from '@/lib/market/use-offer-listing'
import { useDeferredQuery } from '@/lib/query/deferred-query'
import { FilterControls } from './filter-controls'
import { ListingNotice } from './listing-notice'
import { OfferTable } from './offer-table'
import { SearchBox } from './search-box'

export type MarketViewProps = {
  initial: InitialSearch
  /** The server-rendered first page of `initial`'s listing; null when its search does not parse. */
  initialPage: ListingPage | null
  /** Every GPU model and region on offer, for the menus. */
  facets: OfferPage['facets']
  /** Prices per GPU model, rendered on the server (MarketStatsPanel). */
  statsPanel: ReactNode
  /** When the server read the data (ms since the epoch), so the first refresh comes on time. */
  renderedAt: number
}

/** The marketplace: search, filters, sort, the live offer table and prices per model. */
export function MarketView({ initial, initialPage, facets, statsPanel, renderedAt }: MarketViewProps) {
  const search = useMarketSearch(initial)
  const listing = useOfferListing({
    committed: search.committed,
    filter: search.filter,
    canonical: search.canonical,
    sort: search.sort,
    initialPage,
    renderedAt,
  })
  // The menus' choices follow the market once the listing has loaded the query library.
  const facetsQuery = useDeferredQuery(
    { ...marketFacetsOptions(), initialData: facets, initialDataUpdatedAt: renderedAt },
    false,
  )
  const liveFacets = facetsQuery?.data ?? facets
  const regions = liveFacets.region.map((r) => r.region)
  const filtered = search.shownFilter.clauses.length > 0 || search.shownFilter.text.length > 0

  return (
    // Narrow: search, prices, offers, one column in reading order. From xl the prices sit beside
    // the search and the table, sticky while the table scrolls by.
    <div
      className="grid gap-x-6 gap-y-4 xl:grid-cols-[minmax(0,1fr)_19rem]"
      // Reaching for the market loads what the page leaves out until then (the parser, completions).
      onFocusCapture={search.reach}
      onPointerDownCapture={search.reach}
    >
      <div className="flex min-w-0 flex-col gap-4 xl:col-start-1">
        <SearchBox
          value={search.text}
          onChange={search.setText}
          onSubmit={search.submit}
          error={search.error}
          regions={regions}
        />
        <FilterControls
          filter={search.shownFilter}
          sort={search.sort}
          facets={liveFacets}
          onControl={search.setControl}
          onSort={search.setSort}
          onClear={search.clear}
        />
      </div>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: clicks come from the links inside, which keyboards activate too */}
      <aside
        aria-label="Market prices"
        className="max-h-72 overflow-y-auto rounded-lg xl:sticky xl:top-4 xl:col-start-2 xl:row-span-2 xl:row-start-1 xl:max-h-none xl:self-start"
        onClick={(event) => {
          // A model's link filters the listing to it here, keeping the rest of the search.
          const link = event.target instanceof Element ? event.target.closest('a[data-gpu-model]') : null
          const model = link?.getAttribute('data-gpu-model')
          if (!model || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return
          event.preventDefault()
          search.setControl('gpu', model)
        }}
      >
        {statsPanel}
      </aside>
      <div className="flex min-w-0 flex-col gap-4 xl:col-start-1">
        <ListingNotice
          listing={listing}
          searching={search.committed !== undefined}
          filtered={filtered}
          onClear={search.clear}
        />
        {listing.offers.length > 0 || (listing.total > 0 && !listing.error) ? (
          <OfferTable
            offers={listing.offers}
            total={listing.total}
            sort={search.sort}
            onSort={search.setSort}
            onNeedMore={listing.fetchNextPage}
            busy={listing.outdated || listing.fetchingMore}
          />
        ) : null}
      </div>
    </div>
  )
}
