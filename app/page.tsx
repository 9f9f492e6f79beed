import { MarketStatsPanel } from '@/components/market/market-stats-panel'
import { MarketUnavailable } from '@/components/market/market-unavailable'
import { MarketView } from '@/components/market/market-view'
import { asSentence } from '@/lib/market/offer-format'
import { initialSearch } from '@/lib/market/search-state'
import { loadMarket } from '@/lib/server/queries/load-market'

type PageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> }

function toSearchParams(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(record)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
      params.append(name, item)
  }
  return params
}

/** The marketplace: the first page of offers for the URL's search is rendered here, then kept live. */
export default async function MarketplacePage({ searchParams }: PageProps) {
  const initial = initialSearch(toSearchParams(await searchParams))
  const { parsed } = initial
  const filter = parsed.ok ? { ...parsed.filter, ...(initial.sort ? { sort: initial.sort } : {}) } : undefined
  const market = await loadMarket(filter, initial.canonical)
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
