'use client'

import { erc20Abi } from 'viem'
import { useReadContract } from 'wagmi'
import { formatUsdcFigure } from '@/lib/format/token-amount'
import { type RentInput, useRent } from '@/lib/rent/use-rent'
import { primaryButton } from '@/lib/ui/button-styles'
import { FreshOfferLink } from './fresh-offer-link'
import { RentSteps } from './rent-steps'
import { TestUsdcButton } from './test-usdc-button'

export type RentActionsProps = RentInput & { chainName: string }

/** The live half of the rent panel: the steps with their status, the one button, and the way forward. */
export function RentActions(props: RentActionsProps) {
  const { offer, chainId, chainName, pending } = props
  const rent = useRent(props)
  const { current, state, address } = rent
  const token = offer.token as `0x${string}`
  const balance = useReadContract({
    chainId,
    address: token,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: address ? [address] : undefined,
    query: { enabled: Boolean(address) && !state.mined },
  })

  const error = current?.error
  const busy = state.busy !== null
  const label = (() => {
    switch (current?.id) {
      case 'connect':
        return 'Connect wallet'
      case 'network':
        return `Switch to ${chainName}`
      case 'sign-in':
        return 'Sign in'
      case 'permit':
        return rent.deposit === undefined ? 'Rent' : `Rent for ${formatUsdcFigure(rent.deposit)} USDC`
      case 'rent':
        return pending?.stage === 'sent' ? 'Check the rent transaction' : 'Send the rent transaction'
      default:
        return 'Open the rental'
    }
  })()
  const showMint =
    rent.testChain && address && !state.mined && (error?.remedy === 'get-usdc' || (balance.data ?? 1n) === 0n)

  return (
    <div className="flex flex-col gap-4">
      <RentSteps steps={rent.steps} chainName={chainName} />
      <button
        type="button"
        className={`${primaryButton} h-10 w-full`}
        onClick={() => void rent.run()}
        disabled={busy}
        aria-busy={busy}
      >
        {label}
      </button>
      {error?.remedy === 'fresh-offer' ? <FreshOfferLink offer={offer} /> : null}
      {address && !state.mined ? (
        <p className="text-xs text-muted">
          Wallet balance:{' '}
          <span className="font-medium text-fg tabular-nums">
            {balance.data === undefined ? '…' : `${formatUsdcFigure(balance.data)} USDC`}
          </span>
        </p>
      ) : null}
      {showMint && address ? (
        <TestUsdcButton
          token={token}
          account={address}
          chainId={chainId}
          onMinted={() => void balance.refetch()}
        />
      ) : null}
      {pending && state.mined ? (
        <p className="text-xs text-muted">
          Rental{' '}
          <a
            className="font-mono text-accent-text underline underline-offset-2"
            href={`/rentals/${pending.rentalId}`}
          >
            #{pending.rentalId.slice(0, 10)}…
          </a>{' '}
          is paid for: {formatUsdcFigure(BigInt(pending.deposit))} USDC in escrow.
        </p>
      ) : null}
    </div>
  )
}
