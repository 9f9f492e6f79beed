'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { Hash } from 'viem'
import { useConfig } from 'wagmi'
import { explainWalletError } from '@/lib/chain/wallet-errors'
import { rentalQueryKeys } from './rental-api'
import {
  type CallContext,
  type CallStage,
  cancelRental,
  extendRental,
  type RentalTarget,
  senderOn,
  settleNoShow,
  stopRental,
  withdrawCredit,
} from './rental-calls'

/**
 * A renter's transaction as a mutation: the stage it is at, the problem in one sentence (the shared
 * wallet error parser) when it fails, the hash once mined, and the account's rentals refreshed when
 * it settles, whatever the outcome (an approval may have gone through before a later step failed).
 */
function useRentalCall<Input>(
  target: RentalTarget,
  run: (context: CallContext, input: Input) => Promise<Hash>,
) {
  const config = useConfig()
  const queryClient = useQueryClient()
  const [stage, setStage] = useState<CallStage | null>(null)
  const mutation = useMutation({
    mutationFn: async (input: Input) => {
      const account = await senderOn(config, target, setStage)
      return run({ config, target, account, onStage: setStage }, input)
    },
    onSettled: () => {
      setStage(null)
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: rentalQueryKeys.all }),
        queryClient.invalidateQueries({ queryKey: rentalQueryKeys.credits }),
      ])
    },
  })
  return {
    run: mutation.mutate,
    reset: mutation.reset,
    pending: mutation.isPending,
    stage,
    hash: mutation.data,
    problem: mutation.error ? explainWalletError(mutation.error) : undefined,
  }
}

/** `stop(id)`: ends the rental now; the unused deposit comes back in the same transaction. */
export function useStopRental(target: RentalTarget) {
  return useRentalCall(target, (context, _: undefined) => stopRental(context))
}

/** `extend(id, seconds)`, approving exactly the extra deposit first when the allowance is short. */
export function useExtendRental(target: RentalTarget) {
  return useRentalCall(target, (context, input: { seconds: number; amount: bigint }) =>
    extendRental(context, input.seconds, input.amount),
  )
}

/** `cancel(id)` before start: the whole deposit back, plus compensation once the start window passed. */
export function useCancelRental(target: RentalTarget) {
  return useRentalCall(target, (context, _: undefined) => cancelRental(context))
}

/** `settleNoShow(id)`: anyone's, once the start window passed without a start or a decline. */
export function useSettleNoShow(target: RentalTarget) {
  return useRentalCall(target, (context, _: undefined) => settleNoShow(context))
}

/** `withdraw(token)`: the caller's payouts credited in the rental's token, all at once. */
export function useWithdrawCredit(target: RentalTarget) {
  return useRentalCall(target, (context, _: undefined) => withdrawCredit(context))
}
