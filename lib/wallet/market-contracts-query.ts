import { queryOptions, useQuery } from '@tanstack/react-query'
import { type MarketContracts, parseMarketContracts } from '@/lib/chain/market-contracts'
import { reasonOf } from '@/lib/session/session-query'

const marketContractsQueryKey = ['market', 'contracts'] as const

async function fetchMarketContracts(): Promise<MarketContracts> {
  const response = await fetch('/api/market/contracts', { credentials: 'same-origin' })
  if (!response.ok) throw new Error(await reasonOf(response, 'The market’s contract addresses did not load'))
  return parseMarketContracts(await response.json())
}

/** The market's chain and contracts; they change only with a redeploy, so one fetch per tab. */
const marketContractsQuery = queryOptions({
  queryKey: marketContractsQueryKey,
  queryFn: fetchMarketContracts,
  staleTime: Number.POSITIVE_INFINITY,
})

/** The market's contracts; pages that already know them from the server pass them as `initial`. */
export function useMarketContracts(initial?: MarketContracts) {
  return useQuery({ ...marketContractsQuery, initialData: initial })
}
