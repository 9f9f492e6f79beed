import type { ReactNode } from 'react'
import { asSentence, formatCount } from '@/lib/market/offer-format'
import type { useOfferListing } from '@/lib/market/use-offer-listing'
import { primaryButton, secondaryButton } from '@/lib/ui/button-styles'

type ListingNoticeProps = {
  listing: ReturnType<typeof useOfferListing>
  /** False while no search has parsed yet (a link with a malformed `q`). */
  searching: boolean
  filtered: boolean
  onClear: () => void
}

/**
 * What the listing is doing, in words: how many offers, updating, failed (and what to do), empty.
 * The count line is a polite live region, so screen readers hear results change as you type.
 */
export function ListingNotice({ listing, searching, filtered, onClear }: ListingNoticeProps) {
  const { offers, total, outdated, filteredLocally, loading, error } = listing
  let body: ReactNode = null
  if (!searching) {
    body = (
      <Panel title="Fix the search to see offers">The mistake is underlined in the search box above.</Panel>
    )
  } else if (loading) {
    body = (
      <Panel title="Loading offers…">
        <span className="inline-block h-3 w-48 animate-pulse rounded bg-subtle align-middle" />
      </Panel>
    )
  } else if (error && offers.length === 0) {
    body = (
      <Panel title="Offers could not be loaded" tone="error">
        {asSentence(error.message)} Check that the market server is running (
        <code className="font-mono">npm run demo</code> starts the local stack); the page retries every 10
        seconds.
        <div className="mt-3">
          <button type="button" className={primaryButton} onClick={() => void listing.refetch()}>
            Retry now
          </button>
        </div>
      </Panel>
    )
  } else if (total === 0 && !outdated) {
    body = filtered ? (
      <Panel title="No offers match: remove a filter">
        Widen the search or clear it to see every live offer.
        <div className="mt-3">
          <button type="button" className={secondaryButton} onClick={onClear}>
            Clear filters
          </button>
        </div>
      </Panel>
    ) : (
      <Panel title="No offers yet">
        Offers appear here once providers have registered and the market has polled their agents.
      </Panel>
    )
  }
  const status = !searching
    ? ''
    : loading
      ? 'Loading offers…'
      : `${formatCount(total)} ${total === 1 ? 'offer' : 'offers'}${
          outdated ? ', updating…' : filteredLocally ? ' (filtered here, checking with the server)' : ''
        }`
  return (
    <>
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <p role="status" aria-live="polite" className="font-medium">
          {status}
        </p>
        <p className="text-xs text-muted">Live: refreshed every 10 s. Prices in USD.</p>
      </div>
      {error && offers.length > 0 ? (
        <p
          role="alert"
          className="rounded-md border border-red-300 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:text-red-300"
        >
          Live updates failed. {asSentence(error.message)} Showing the offers loaded last; retrying every 10
          seconds.
        </p>
      ) : null}
      {body}
    </>
  )
}

function Panel({ title, tone, children }: { title: string; tone?: 'error'; children: ReactNode }) {
  return (
    <div
      role={tone === 'error' ? 'alert' : undefined}
      className={`rounded-lg border p-6 text-sm ${tone === 'error' ? 'border-red-300 dark:border-red-800' : 'border-dashed border-line'}`}
    >
      <p className={`text-base font-semibold ${tone === 'error' ? 'text-red-800 dark:text-red-300' : ''}`}>
        {title}
      </p>
      <div className="mt-1 text-muted">{children}</div>
    </div>
  )
}
