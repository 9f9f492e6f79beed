'use client'

import type { Address } from 'viem'
import { useReadContracts } from 'wagmi'
import { WeftMarket } from '@/lib/chain/generated'
import type { RentalTarget } from './rental-calls'
import type { CancelRules } from './rental-terms'

/** The market's start window and compensation, and the provider's stake: what a cancel would pay. */
export function useCancelRules(
  target: RentalTarget,
  provider: Address,
  enabled: boolean,
): CancelRules | undefined {
  const market = { address: target.market, abi: WeftMarket.abi, chainId: target.chainId } as const
  const { data } = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...market, functionName: 'startWindow' },
      { ...market, functionName: 'compensationSeconds' },
      { ...market, functionName: 'stakeToken' },
      { ...market, functionName: 'getProvider', args: [provider] },
    ],
    query: { enabled, refetchInterval: 30_000 },
  })
  if (!data) return undefined
  const [startWindow, compensationSeconds, stakeToken, [, stake]] = data
  return { startWindow, compensationSeconds, stakeToken, providerStake: stake }
}
