'use client'

import { useConnectModal } from '@rainbow-me/rainbowkit'
import { useQueryClient } from '@tanstack/react-query'
import { useRouter } from 'next/navigation'
import { useCallback, useEffect, useReducer, useRef } from 'react'
import { type Hex, isAddressEqual } from 'viem'
import { useAccount, usePublicClient, useSignTypedData, useSwitchChain, useWriteContract } from 'wagmi'
import { cost } from '@/lib/chain/pricing'
import { marketAbiWithTokenErrors } from '@/lib/chain/wallet-errors'
import type { OfferView } from '@/lib/market/offer-view'
import { useSession } from '@/lib/session/session-query'
import type { DraftResult } from './job-spec-draft'
import { payForRental, type RentArgs, toFlowError } from './pay-rental'
import type { SignedPermit } from './rent-chain'
import type { DurationResult } from './rent-checks'
import { currentStep, deriveSteps, flowReducer, initialFlow } from './rent-flow'
import { clearPending, type PendingRental, savePending, sessionStore } from './rent-storage'

export type RentInput = {
  offer: OfferView['offer']
  signature: string
  chainId: number
  market: `0x${string}`
  duration: DurationResult
  spec: DraftResult
  /** A rent already sent from this tab (read from sessionStorage by the panel). */
  pending: PendingRental | undefined
  onPending: (pending: PendingRental | undefined) => void
  onInvalidSpec: () => void
}

/**
 * The rent flow for one offer: connect, switch network, sign in (RainbowKit's modal), seal the job
 * spec to the provider's key, sign the USDC permit, send `rentWithPermit` carrying the sealed spec,
 * then open the rental. Each click runs the flow from its first unfinished step; a failure stops it
 * with a sentence and keeps whatever was done (a signed permit, a sent rent).
 */
export function useRent(input: RentInput) {
  const { offer, chainId, market, duration, spec, pending, onPending, onInvalidSpec } = input
  const { address, chainId: walletChainId, isConnected } = useAccount()
  const { switchChainAsync } = useSwitchChain()
  const { openConnectModal } = useConnectModal()
  const session = useSession()
  const client = usePublicClient({ chainId })
  const { signTypedDataAsync } = useSignTypedData()
  const { writeContractAsync } = useWriteContract()
  const queryClient = useQueryClient()
  const router = useRouter()
  const [state, dispatch] = useReducer(flowReducer, initialFlow)
  const permit = useRef<SignedPermit | null>(null)
  const testChain = chainId === 31337

  const signedIn = Boolean(address && session.data && isAddressEqual(session.data.address, address))
  const steps = deriveSteps({ connected: isConnected, chainOk: walletChainId === chainId, signedIn }, state)
  const current = currentStep(steps)
  const deposit = duration.ok ? cost(BigInt(offer.pricePerHour), duration.seconds) : undefined

  // A permit is for one exact amount: a new duration needs a new signature.
  useEffect(() => {
    if (permit.current && permit.current.value !== deposit) {
      permit.current = null
      dispatch({ type: 'permit-dropped' })
    }
  }, [deposit])

  const record = useCallback(
    (next: PendingRental) => {
      savePending(sessionStore(), next)
      onPending(next)
    },
    [onPending],
  )

  // The provider's agent reads the sealed spec from the Rented event: the rental page takes over.
  const openRental = useCallback((paid: PendingRental) => router.push(`/rentals/${paid.rentalId}`), [router])

  // A rent sent but not seen mined (a reload, or the node failed to answer): wait for it, then open
  // the rental. Never sends a second rent for the same offer.
  const awaitSent = useCallback(
    (sent: PendingRental) => {
      if (!client) return
      const hash = sent.txHash as Hex
      dispatch({ type: 'begin', step: 'rent', activity: 'Waiting for the rent transaction to be mined…' })
      client.waitForTransactionReceipt({ hash }).then(
        (receipt) => {
          if (receipt.status === 'success') {
            const mined = { ...sent, stage: 'mined' as const }
            record(mined)
            dispatch({ type: 'mined' })
            dispatch({ type: 'idle' })
            openRental(mined)
            return
          }
          clearPending(sessionStore(), sent.offerId)
          onPending(undefined)
          dispatch({ type: 'reverted' })
          dispatch({
            type: 'failed',
            error: {
              step: 'rent',
              remedy: 'fresh-offer',
              message: 'The rent transaction was reverted, so nothing was paid.',
            },
          })
        },
        (error: unknown) => dispatch({ type: 'failed', error: toFlowError('rent', error, testChain) }),
      )
    },
    [client, record, onPending, testChain, openRental],
  )

  const resumed = useRef(false)
  useEffect(() => {
    if (!pending || resumed.current || !client) return
    resumed.current = true
    dispatch({
      type: 'resume',
      txHash: pending.txHash as Hex,
      rentalId: pending.rentalId,
      stage: pending.stage,
    })
    if (pending.stage === 'sent') awaitSent(pending)
  }, [pending, client, awaitSent])

  const pay = useCallback(async () => {
    if (!address || !client) return
    resumed.current = true // this tab sends the rent itself; nothing to resume
    if (!duration.ok) {
      dispatch({ type: 'failed', error: { step: 'permit', message: duration.message, remedy: 'shorter' } })
      return
    }
    if (!spec.ok) {
      onInvalidSpec()
      dispatch({
        type: 'failed',
        error: {
          step: 'permit',
          message: 'The job spec needs fixing first: see the marked fields.',
          remedy: 'fix-spec',
        },
      })
      return
    }
    const mined = await payForRental({
      client,
      account: address,
      offer,
      signature: input.signature as Hex,
      market,
      chainId,
      seconds: duration.seconds,
      spec: spec.spec,
      testChain,
      permit,
      signTypedData: (typed) => signTypedDataAsync(typed),
      sendRent: (args: RentArgs) =>
        writeContractAsync({
          chainId,
          address: market,
          abi: marketAbiWithTokenErrors,
          functionName: 'rentWithPermit',
          args,
        }),
      dispatch,
      onProgress: record,
      onReverted: () => {
        clearPending(sessionStore(), offer.offerId)
        onPending(undefined)
      },
    })
    if (!mined) return
    void queryClient.invalidateQueries({
      predicate: (q) => q.queryKey[0] === 'offers' || q.queryKey[0] === 'me',
    })
    dispatch({ type: 'idle' })
    openRental(mined)
  }, [
    address,
    client,
    duration,
    spec,
    offer,
    input.signature,
    market,
    chainId,
    testChain,
    signTypedDataAsync,
    writeContractAsync,
    record,
    onPending,
    onInvalidSpec,
    openRental,
    queryClient,
  ])

  const run = useCallback(async () => {
    switch (current?.id) {
      case 'connect':
      case 'sign-in':
        // RainbowKit's modal connects, then asks for the sign-in signature.
        openConnectModal?.()
        return
      case 'network':
        dispatch({ type: 'begin', step: 'network', activity: 'Approve the network switch in your wallet.' })
        try {
          await switchChainAsync({ chainId })
          dispatch({ type: 'idle' })
        } catch (error) {
          dispatch({ type: 'failed', error: toFlowError('network', error, testChain) })
        }
        return
      case 'permit':
        return pay()
      case 'rent':
        return pending?.stage === 'sent' ? awaitSent(pending) : pay()
      default:
        if (pending) openRental(pending)
    }
  }, [
    current?.id,
    openConnectModal,
    switchChainAsync,
    chainId,
    testChain,
    pay,
    pending,
    awaitSent,
    openRental,
  ])

  return {
    steps,
    current,
    state,
    run,
    address,
    deposit,
    testChain,
    signedIn,
    walletChainId,
  }
}
