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
import { type ChainAccrual, chainReadFor, type ServedRental, servedRentalsSchema } from './provider-rentals'

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
 * From the chain, for each rental that may still owe pay or hold the stake, keyed by rental id:
 * `accrued(id)`, or for a declined or cancelled rental whether `getRental(id)` says it is settled.
 * Read at the latest block and again whenever a new block arrives, so the figures match the chain's.
 */
export function useAccruals(contracts: MarketContracts, rentals: readonly ServedRental[] | undefined) {
  const config = useConfig()
  const reads = (rentals ?? []).flatMap((rental) => {
    const read = chainReadFor(rental)
    return read ? [{ id: rental.id, read }] : []
  })
  const block = useBlockNumber({ chainId: contracts.chainId, watch: true })
  const blockNumber = block.data
  const key = reads.map((r) => `${r.id}:${r.read}`)
  return useQuery({
    queryKey: ['me', 'provider-accruals', contracts.chainId, contracts.market, key, blockNumber?.toString()],
    enabled: rentals !== undefined && blockNumber !== undefined,
    // Keep showing the last block's figures while the next block's are read.
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<Record<string, ChainAccrual>> => {
      if (reads.length === 0 || blockNumber === undefined) return {}
      const market = { address: contracts.market, abi: WeftMarket.abi, chainId: contracts.chainId } as const
      // One block for every rental, so the total is the sum of figures from a single moment.
      const results = await readContracts(config, {
        blockNumber,
        contracts: reads.map(({ id, read }) =>
          read === 'accrued'
            ? { ...market, functionName: 'accrued' as const, args: [BigInt(id)] as const }
            : { ...market, functionName: 'getRental' as const, args: [BigInt(id)] as const },
        ),
      })
      return Object.fromEntries(
        reads.map(({ id }, index): [string, ChainAccrual] => {
          const result = results[index]
          if (result?.status !== 'success')
            return [id, { error: result?.error?.message ?? 'The chain did not answer.' }]
          const value = result.result
          if (Array.isArray(value)) {
            const [total, claimable] = value as readonly [bigint, bigint]
            return [id, { total, claimable }]
          }
          return [id, { settled: (value as { settled: boolean }).settled }]
        }),
      )
    },
  })
}

/** The market's start window in seconds (immutable): after it, a pending rental is a no-show. */
export function useStartWindow(contracts: MarketContracts) {
  const config = useConfig()
  return useQuery({
    queryKey: ['market', 'start-window', contracts.chainId, contracts.market],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () =>
      readContract(config, {
        address: contracts.market,
        abi: WeftMarket.abi,
        chainId: contracts.chainId,
        functionName: 'startWindow',
      }),
  })
}
