'use client'

import { useRouter } from 'next/navigation'
import { type CSSProperties, type MouseEvent, useEffect, useRef } from 'react'
import type { FilterSort } from '@/lib/market/filter-grammar'
import type { ListedOffer } from '@/lib/market/listed-offer'
import { effectiveSort } from '@/lib/market/offer-query-keys'
import { needsMore } from '@/lib/ui/row-window'
import { useRowWindow } from '@/lib/ui/use-row-window'
import { OfferRow, PendingRow } from './offer-row'
import { OfferTableHeader } from './offer-table-header'

type OfferTableProps = {
  offers: readonly ListedOffer[]
  /** Rows in the whole listing, loaded or not: the scroll height is theirs from the start. */
  total: number
  sort: FilterSort | undefined
  onSort: (sort: FilterSort) => void
  /** Asks for the next page; called while the visible rows come near the end of those loaded. */
  onNeedMore: (() => void) | undefined
  busy: boolean
}

/** Height of the sticky column header, which a row moved to with ↑ must not hide under. */
const HEADER_PX = 48

/**
 * The offers as an ARIA table that renders only the rows in view (plus a few), so 10,000 offers
 * scroll like 30. ↑/↓ move between rows' links; rows past the loaded pages show as pending.
 */
export function OfferTable({ offers, total, sort, onSort, onNeedMore, busy }: OfferTableProps) {
  const body = useRef<HTMLTableSectionElement>(null)
  const count = Math.max(total, offers.length)
  const { rowHeightPx, start, end } = useRowWindow(body, count)
  const focusRow = useRef<number | null>(null)
  const current = effectiveSort(sort)
  const router = useRouter()

  // One handler for every row's link: a plain click (or Enter) opens the offer without a reload.
  const onRowLink = (event: MouseEvent<HTMLElement>) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-row-index]') : null
    const href = link?.getAttribute('href')
    if (!href || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return
    event.preventDefault()
    router.push(href)
  }

  useEffect(() => {
    if (onNeedMore && needsMore({ start, end }, offers.length)) onNeedMore()
  }, [start, end, offers.length, onNeedMore])

  // After ↑/↓ scrolled a row into the rendered window, focus its link.
  useEffect(() => {
    if (focusRow.current === null) return
    const link = body.current?.querySelector<HTMLElement>(`[data-row-index="${focusRow.current}"]`)
    if (link) {
      link.focus({ preventScroll: true })
      focusRow.current = null
    }
  })

  const onArrow = (from: number, step: 1 | -1) => {
    const to = from + step
    if (to < 0 || to >= offers.length) return
    const list = body.current
    const link = list?.querySelector<HTMLElement>(`[data-row-index="${to}"]`)
    // The scroll below places the row; focus must not scroll it somewhere else first.
    if (link) link.focus({ preventScroll: true })
    else focusRow.current = to
    if (!list) return
    // Keep the row clear of the sticky header and of the bottom edge; the window follows the scroll.
    const rowHeight = rowHeightPx()
    const rowTop = list.getBoundingClientRect().top + to * rowHeight
    if (rowTop < HEADER_PX) window.scrollBy({ top: rowTop - HEADER_PX })
    else if (rowTop + rowHeight > window.innerHeight)
      window.scrollBy({ top: rowTop + rowHeight - window.innerHeight })
  }

  const rows = []
  for (let index = start; index < end; index++) {
    const view = offers[index]
    rows.push(
      view ? (
        <OfferRow
          key={`${view.offer.provider}:${view.offer.offerId}`}
          view={view}
          index={index}
          onArrow={onArrow}
        />
      ) : (
        <PendingRow key={`pending:${index}`} index={index} />
      ),
    )
  }

  return (
    <table
      aria-label="Offers"
      aria-rowcount={count + 1}
      aria-busy={busy || undefined}
      className="block rounded-lg border border-line bg-surface"
    >
      <OfferTableHeader current={current} onSort={onSort} />
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the clicks come from the row links, which keyboards activate too */}
      <tbody
        ref={body}
        onClick={onRowLink}
        // Only the rows in view are in the DOM: the body is as tall as all of them, and the padding
        // stands in for those above. Sizes come from CSS, the same heights as the rows' classes.
        // While the body is off screen (below the search on a phone) the browser skips laying out
        // its rows; its height is its own, so nothing around it moves when they are laid out.
        className="box-border block [content-visibility:auto] h-[calc(var(--rows)*136px)] pt-[calc(var(--start)*136px)] md:h-[calc(var(--rows)*52px)] md:pt-[calc(var(--start)*52px)]"
        style={{ '--rows': count, '--start': start } as CSSProperties}
      >
        {rows}
      </tbody>
    </table>
  )
}
