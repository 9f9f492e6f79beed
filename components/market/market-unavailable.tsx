import { asSentence } from '@/lib/market/offer-format'

/** The marketplace when the server cannot read the market: what went wrong and what to do about it. */
export function MarketUnavailable({ reason, configuration }: { reason: string; configuration: boolean }) {
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-surface p-6 dark:border-red-800">
      <h2 className="text-lg font-semibold text-red-800 dark:text-red-300">The market is not available</h2>
      <p className="mt-2 text-pretty">{asSentence(reason)}</p>
      <p className="mt-2 text-sm text-muted text-pretty">
        {configuration ? (
          <>
            To try Weft locally, start the local stack with <code className="font-mono">npm run demo</code>:
            it starts a chain, deploys the contracts, runs sample provider agents and serves this page with
            the right settings.
          </>
        ) : (
          <>
            If this is your local copy, start the local stack with{' '}
            <code className="font-mono">npm run demo</code>. Otherwise try again in a minute; the server
            reconnects to its database by itself.
          </>
        )}
      </p>
    </div>
  )
}
