import { Marketplace } from '@/components/market/marketplace'
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

/**
 * The marketplace: the first page of offers for the URL's search is rendered here, then kept live.
 * An anonymous visit without a search is answered by app/anonymous instead (see proxy.ts).
 */
export default async function MarketplacePage({ searchParams }: PageProps) {
  const initial = initialSearch(toSearchParams(await searchParams))
  return <Marketplace initial={initial} market={await loadMarket(initial)} />
}
