import { queryOptions, useQuery } from '@tanstack/react-query'
import { type MarketContracts, marketContractsSchema } from '@/lib/chain/market-contracts'
import { marketGet, statusSentence } from '@/lib/http/market-client'

const marketContractsQueryKey = ['market', 'contracts'] as const

function fetchMarketContracts(): Promise<MarketContracts> {
  return marketGet('/api/market/contracts', marketContractsSchema, {
    fallback: statusSentence('The market’s contract addresses did not load'),
  })
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
