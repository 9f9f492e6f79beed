'use client'

import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { Address } from 'viem'
import { useBlockNumber, useConfig } from 'wagmi'
import { readContract, readContracts } from 'wagmi/actions'
import { WeftMarket } from '@/lib/chain/generated'
import type { MarketContracts } from '@/lib/chain/market-contracts'
import { marketGet, statusSentence } from '@/lib/http/market-client'
import { providerListSchema } from '@/lib/market/provider-view'
import { findMarketProvider } from './agent-health'
import { type ChainAccrual, needsChainRead, type ServedRental, servedRentalsSchema } from './provider-rentals'

export type Registration = {
  providerId: number
  stake: bigint
  activeRentals: number
  registeredAt: Date | null
  endpoint: string
}

/** The provider's on-chain registration (providerId 0: not registered) and the market's minimum stake. */
export function useRegistration(contracts: MarketContracts, account: Address) {
  const config = useConfig()
  const market = { address: contracts.market, abi: WeftMarket.abi, chainId: contracts.chainId } as const
  const registration = useQuery({
    queryKey: ['me', 'provider-registration', contracts.chainId, contracts.market, account],
    refetchInterval: 15_000,
    queryFn: async (): Promise<Registration> => {
      const [providerId, stake, activeRentals, registeredAt, endpoint] = await readContract(config, {
        ...market,
        functionName: 'getProvider',
        args: [account],
      })
      return {
        providerId,
        stake,
        activeRentals,
        registeredAt: registeredAt === 0n ? null : new Date(Number(registeredAt) * 1000),
        endpoint,
      }
    },
  })
  const minStake = useQuery({
    queryKey: ['market', 'min-stake', contracts.chainId, contracts.market],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => readContract(config, { ...market, functionName: 'minStake' }),
  })
  return { registration, minStake }
}

/** The market's view of this provider's agent (polls, reliability, offers), or null when unlisted. */
export function useMarketProvider(account: Address) {
  return useQuery({
    queryKey: ['market', 'providers'],
    refetchInterval: 15_000,
    queryFn: ({ signal }) =>
      marketGet('/api/providers', providerListSchema, {
        signal,
        fallback: statusSentence('The market’s provider list did not load'),
      }),
    select: (list) => findMarketProvider(list, account),
  })
}

/** Rentals this account served, from the market's index; needs a sign-in session for that account. */
export function useServedRentals(account: Address, signedIn: boolean) {
  return useQuery({
    queryKey: ['me', 'provider-rentals', account],
    enabled: signedIn,
    refetchInterval: 10_000,
    queryFn: ({ signal }) =>
      marketGet('/api/rentals', servedRentalsSchema, {
        signal,
        fallback: statusSentence('Your rentals did not load'),
      }),
  })
}

/**
 * `accrued(id)` from the chain for each rental that may still owe pay, keyed by rental id, read at
 * the latest block and again whenever a new block arrives, so the figures match the chain's.
 */
export function useAccruals(contracts: MarketContracts, rentals: readonly ServedRental[] | undefined) {
  const config = useConfig()
  const ids = (rentals ?? []).filter(needsChainRead).map((rental) => rental.id)
  const block = useBlockNumber({ chainId: contracts.chainId, watch: true })
  const blockNumber = block.data
  return useQuery({
    queryKey: ['me', 'provider-accruals', contracts.chainId, contracts.market, ids, blockNumber?.toString()],
    enabled: rentals !== undefined && blockNumber !== undefined,
    // Keep showing the last block's figures while the next block's are read.
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<Record<string, ChainAccrual>> => {
      if (ids.length === 0 || blockNumber === undefined) return {}
      // One block for every rental, so the total is the sum of figures from a single moment.
      const results = await readContracts(config, {
        blockNumber,
        contracts: ids.map((id) => ({
          address: contracts.market,
          abi: WeftMarket.abi,
          chainId: contracts.chainId,
          functionName: 'accrued' as const,
          args: [BigInt(id)] as const,
        })),
      })
      return Object.fromEntries(
        ids.map((id, index) => {
          const result = results[index]
          if (result?.status !== 'success')
            return [id, { error: result?.error?.message ?? 'The chain did not answer.' }]
          const [total, claimable] = result.result
          return [id, { total, claimable }]
        }),
      )
    },
  })
}
