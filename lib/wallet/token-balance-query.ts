import { useQuery } from '@tanstack/react-query'
import { type Address, erc20Abi } from 'viem'
import { useConfig } from 'wagmi'
import { readContract } from 'wagmi/actions'
import type { MarketContracts } from '@/lib/chain/market-contracts'

/** Key of an account's payment-token balance; under 'me' so sign-out and payouts refresh it. */
export const tokenBalanceKey = (contracts: MarketContracts, account: Address) =>
  ['me', 'token-balance', contracts.chainId, contracts.token, account] as const

/** The market's payment token's symbol and decimals (never change, so read once). */
export function useTokenMeta(contracts: MarketContracts | undefined) {
  const config = useConfig()
  return useQuery({
    queryKey: ['market', 'token-meta', contracts?.chainId, contracts?.token],
    enabled: contracts !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      if (!contracts) throw new Error('The market’s contracts are not known yet.')
      const on = { address: contracts.token, abi: erc20Abi, chainId: contracts.chainId } as const
      const [symbol, decimals] = await Promise.all([
        readContract(config, { ...on, functionName: 'symbol' }),
        readContract(config, { ...on, functionName: 'decimals' }),
      ])
      return { symbol, decimals }
    },
  })
}

/** `account`'s balance of the market's payment token, in units, refreshed every 15 s. */
export function useTokenBalance(contracts: MarketContracts | undefined, account: Address | undefined) {
  const config = useConfig()
  return useQuery({
    queryKey: contracts && account ? tokenBalanceKey(contracts, account) : ['me', 'token-balance', 'none'],
    enabled: contracts !== undefined && account !== undefined,
    refetchInterval: 15_000,
    queryFn: () => {
      if (!contracts || !account) throw new Error('No account to read a balance for.')
      return readContract(config, {
        address: contracts.token,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [account],
        chainId: contracts.chainId,
      })
    },
  })
}
