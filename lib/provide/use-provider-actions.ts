'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { Address, Hash, Hex } from 'viem'
import { useAccount, useConfig } from 'wagmi'
import type { MarketContracts } from '@/lib/chain/market-contracts'
import { explainWalletError } from '@/lib/chain/wallet-errors'
import { type ClaimPayout, claimPayout } from './claim-receipt'
import {
  addStake,
  balanceAfter,
  type CallContext,
  type CallStage,
  claimRentals,
  type OnStage,
  registerProvider,
  settleNoShow,
  updateEndpoint,
  withdrawCredit,
  withdrawStake,
} from './market-calls'

/**
 * A provider transaction flow as a mutation: the stage it is at, the wallet problem (one sentence,
 * from the shared parser) when it fails, and every per-account query refreshed when it settles,
 * whatever the outcome (an approval may have gone through before a later step failed).
 */
function useMarketAction<Input, Result>(
  contracts: MarketContracts,
  run: (context: CallContext, input: Input, onStage: OnStage) => Promise<Result>,
) {
  const config = useConfig()
  const { address } = useAccount()
  const queryClient = useQueryClient()
  const [stage, setStage] = useState<CallStage | null>(null)
  const mutation = useMutation({
    mutationFn: (input: Input) => {
      if (!address) throw new Error('Connect the provider wallet first.')
      return run({ config, contracts, account: address }, input, setStage)
    },
    onSettled: () => {
      setStage(null)
      return queryClient.invalidateQueries({ queryKey: ['me'] })
    },
  })
  return {
    run: mutation.mutate,
    reset: mutation.reset,
    pending: mutation.isPending,
    stage,
    result: mutation.data,
    problem: mutation.error ? explainWalletError(mutation.error) : undefined,
  }
}

export type ClaimResult = { hash: Hash; payout: ClaimPayout; balance: bigint }

/** Claims every named rental in one `claimEarned(offerIds)`; resolves to what it paid and the balance after. */
export function useClaim(contracts: MarketContracts) {
  return useMarketAction(
    contracts,
    async (context, offerIds: readonly Hex[], onStage): Promise<ClaimResult> => {
      const receipt = await claimRentals(context, offerIds, onStage)
      return {
        hash: receipt.transactionHash,
        payout: claimPayout(receipt.logs, context.contracts.market, context.account),
        balance: await balanceAfter(context, receipt),
      }
    },
  )
}

/** `settleNoShow(id)` for one of the provider's stale pending rentals, which releases its stake. */
export function useSettleNoShow(contracts: MarketContracts) {
  return useMarketAction(
    contracts,
    async (context, id: bigint, onStage) => (await settleNoShow(context, id, onStage)).transactionHash,
  )
}

/** `withdraw(token)`: the provider's credited payouts in that token. */
export function useWithdrawCredit(contracts: MarketContracts) {
  return useMarketAction(
    contracts,
    async (context, token: Address, onStage) =>
      (await withdrawCredit(context, token, onStage)).transactionHash,
  )
}

/** Approves the stake if needed, then `registerProvider(endpoint, stake)`. */
export function useRegisterProvider(contracts: MarketContracts) {
  return useMarketAction(
    contracts,
    async (context, input: { endpoint: string; stake: bigint }, onStage) =>
      (await registerProvider(context, input.endpoint, input.stake, onStage)).transactionHash,
  )
}

export function useUpdateEndpoint(contracts: MarketContracts) {
  return useMarketAction(
    contracts,
    async (context, endpoint: string, onStage) =>
      (await updateEndpoint(context, endpoint, onStage)).transactionHash,
  )
}

/** Approves the amount if needed, then `addStake(amount)`. */
export function useAddStake(contracts: MarketContracts) {
  return useMarketAction(
    contracts,
    async (context, amount: bigint, onStage) => (await addStake(context, amount, onStage)).transactionHash,
  )
}

export function useWithdrawStake(contracts: MarketContracts) {
  return useMarketAction(
    contracts,
    async (context, amount: bigint, onStage) =>
      (await withdrawStake(context, amount, onStage)).transactionHash,
  )
}

/** What a pending flow is waiting for, as the status line next to its button says it. */
export function stageText(stage: CallStage | null): string {
  switch (stage) {
    case 'approving':
      return 'Approve the USDC transfer in your wallet, then wait for it to be mined…'
    case 'confirming':
      return 'Confirm the transaction in your wallet…'
    case 'mining':
      return 'Waiting for the transaction to be mined…'
    default:
      return ''
  }
}
