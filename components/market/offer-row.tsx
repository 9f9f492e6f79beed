import { formatDuration } from '@/lib/format/duration'
import type { ListedOffer } from '@/lib/market/listed-offer'
import {
  formatAccess,
  formatAccessShort,
  formatCpus,
  formatIsolation,
  formatReliability,
  formatSize,
  formatUsd,
  formatUsdWhole,
  formatVram,
} from '@/lib/market/offer-format'

/**
 * Column layout shared by the header and the rows. Below md a row is a card: two columns, four
 * lines and a fifth across both for CPU, RAM, disk, access and isolation, placed with `order`; from
 * md it is a table row whose first column holds the GPU over those, the other cells spanning both
 * lines (`md:row-span-2`). Heights match ROW_HEIGHT in row-window.ts.
 */
export const ROW_GRID =
  'grid grid-cols-[minmax(0,1fr)_auto] content-center gap-x-3 gap-y-0.5 px-3 md:grid-cols-[minmax(0,2.2fr)_4.5rem_5.5rem_6rem_minmax(0,1fr)_5.5rem_4.5rem_5.5rem] md:items-center md:gap-y-0 md:px-4'
const ROW_SIZE = 'h-[136px] md:h-[52px]'

// Left column of the card, right-aligned numbers in the table.
const leftNumber =
  'min-w-0 truncate text-sm text-muted tabular-nums md:order-none md:row-span-2 md:text-right md:text-fg'
// Right column of the card and of the table.
const rightNumber = 'min-w-0 truncate text-right text-sm tabular-nums md:order-none md:row-span-2'

export function offerHref(view: ListedOffer): string {
  return `/offers/${encodeURIComponent(view.offer.offerId)}?provider=${encodeURIComponent(view.offer.provider)}`
}

type OfferRowProps = {
  view: ListedOffer
  index: number
  /** ↑/↓ on the row's link: move to the previous or next row. */
  onArrow: (index: number, step: 1 | -1) => void
}

/**
 * One offer. The GPU name is the row's link; it stretches over the whole row for the pointer. A
 * plain anchor: the table turns its clicks into client-side navigations (OfferTable), so a row
 * costs no router hooks of its own.
 */
export function OfferRow({ view, index, onArrow }: OfferRowProps) {
  const { offer } = view
  return (
    <tr
      aria-rowindex={index + 2}
      className={`${ROW_GRID} ${ROW_SIZE} relative border-b border-line hover:bg-subtle has-[:focus-visible]:bg-subtle has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent-text has-[:focus-visible]:ring-inset`}
    >
      <td className="order-1 flex min-w-0 items-center gap-2 text-sm md:order-none md:col-start-1 md:row-start-1">
        <a
          href={offerHref(view)}
          data-row-index={index}
          onKeyDown={(event) => {
            if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
            event.preventDefault()
            onArrow(index, event.key === 'ArrowDown' ? 1 : -1)
          }}
          className="truncate font-medium after:absolute after:inset-0 after:content-[''] focus-visible:outline-none"
        >
          <span className="tabular-nums">{offer.gpuCount}</span> × {view.gpuName}
        </a>
        {view.stale ? (
          <span
            className="relative shrink-0 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-200"
            title="Not refreshed by the last polls: the provider may be down"
          >
            stale
          </span>
        ) : null}
      </td>
      <td className={`${leftNumber} order-3`}>
        {formatVram(offer.vramMiB)}
        <span className="md:hidden"> per GPU</span>
      </td>
      <td className={`${rightNumber} order-4 text-muted md:text-fg`}>
        {formatUsd(view.pricePerHourUsd)}
        <span className="md:hidden">/h</span>
      </td>
      <td className={`${rightNumber} order-2 font-semibold`}>
        {formatUsd(view.pricePerGpuHourUsd)}
        <span className="font-normal text-muted md:hidden">/GPU-h</span>
      </td>
      <td className="order-5 min-w-0 truncate text-sm text-muted md:order-none md:row-span-2 md:text-fg">
        {view.region}
      </td>
      <td className={`${leftNumber} order-7`}>
        {formatReliability(view.reliability)}
        <span className="md:hidden"> reliable</span>
      </td>
      <td className={`${rightNumber} order-8 text-muted md:text-fg`}>
        {formatUsdWhole(view.stakeUsd)}
        <span className="md:hidden"> stake</span>
      </td>
      <td className={`${rightNumber} order-6 text-muted md:text-fg`}>
        <span className="md:hidden">up to </span>
        {formatDuration(offer.maxDuration)}
      </td>
      <td className="order-9 col-span-2 min-w-0 truncate text-sm text-muted tabular-nums md:order-none md:col-span-1 md:col-start-1 md:row-start-2 md:text-xs">
        {formatCpus(view.resources.cpus)} · {formatSize(view.resources.memoryMiB)}
        <span className="md:hidden"> RAM</span> · {formatSize(view.resources.diskMiB)}
        <span className="md:hidden"> disk</span> ·{' '}
        <span title={`Access: ${formatAccess(view.resources.access)}`}>
          {formatAccessShort(view.resources.access)}
        </span>{' '}
        ·{' '}
        <span className={view.resources.isolation === 'process' ? 'text-amber-800 dark:text-amber-300' : ''}>
          {formatIsolation(view.resources.isolation)}
        </span>
      </td>
    </tr>
  )
}

/** A row whose offer is still being fetched (it is further down than the pages loaded so far). */
export function PendingRow({ index }: { index: number }) {
  return (
    <tr aria-rowindex={index + 2} className={`${ROW_GRID} ${ROW_SIZE} border-b border-line`}>
      <td colSpan={9} className="order-1 col-span-full text-sm text-muted">
        <span className="inline-block h-3 w-40 animate-pulse rounded bg-subtle align-middle" />
        <span className="sr-only">Loading offer {index + 1}</span>
      </td>
    </tr>
  )
}
