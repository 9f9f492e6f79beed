import { asSentence } from '@/lib/market/offer-format'
import type { InitialSearch } from '@/lib/market/search-state'
import type { MarketLoad } from '@/lib/server/queries/load-market'
import { MarketStatsPanel } from './market-stats-panel'
import { MarketUnavailable } from './market-unavailable'
import { MarketView } from './market-view'

/**
 * The marketplace page's content for a search and what the server read for it: rendered per request
 * for `/` (app/page.tsx), and regenerated in the background for an anonymous visit (app/anonymous).
 */
export function Marketplace({ initial, market }: { initial: InitialSearch; market: MarketLoad }) {
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 sm:py-8">
      <header className="max-w-3xl">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Rent a GPU</h1>
        <p className="mt-1.5 text-muted text-pretty">
          Weft lists signed offers from independent GPU providers. Your deposit sits in an on-chain escrow
          that pays the provider per second while your job runs, and what you do not use comes back to you.
        </p>
      </header>
      {initial.ignored ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200">
          The link’s <code className="font-mono">{initial.ignored.param}</code> parameter was left out.{' '}
          {asSentence(initial.ignored.message)}
        </p>
      ) : null}
      {market.ok ? (
        <MarketView
          initial={initial}
          {...market.data}
          statsPanel={<MarketStatsPanel models={market.stats} />}
        />
      ) : (
        <MarketUnavailable reason={market.reason} configuration={market.configuration} />
      )}
    </div>
  )
}
