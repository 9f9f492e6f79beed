'use client'

import { useQuery } from '@tanstack/react-query'
import { lazy } from 'react'
import { formatUsdc } from '@/lib/format/token-amount'
import type { RentalReceipt } from '@/lib/market/rental-view'
import { creditedPayouts, creditIn } from '@/lib/rentals/credited-payouts'
import { creditsOptions } from '@/lib/rentals/rental-api'
import type { RentalTarget } from '@/lib/rentals/rental-calls'
import { primaryButton } from '@/lib/ui/button-styles'
import { useWalletIntent } from '../wallet-intent'
import { WalletIsland } from '../wallet-island'
import { useWalletRoot } from '../wallet-root'

// Withdrawing is a wallet call: its button comes with the wallet stack, the notice does not wait for it.
const WithdrawCredit = lazy(() =>
  import('./withdraw-credit').then((module) => ({ default: module.WithdrawCredit })),
)

type CreditNoticeProps = {
  receipts: RentalReceipt[] | null
  role: 'renter' | 'provider'
  target: RentalTarget
}

/**
 * The viewer's payouts from this rental that the token refused (a blacklist, a pause) and the market
 * credited instead, and a button that takes out what is credited in the rental's token with
 * `withdraw(token)`. Renders nothing when no payout of the viewer's was credited.
 */
export function CreditNotice({ receipts, role, target }: CreditNoticeProps) {
  const payouts = creditedPayouts(receipts, role)
  const credits = useQuery({ ...creditsOptions(), enabled: payouts.length > 0 })
  const intent = useWalletIntent()
  if (payouts.length === 0) return null
  const balance = creditIn(credits.data, target.token)
  return (
    <section
      aria-label="Credited payouts"
      className="flex flex-col gap-3 rounded-lg border border-amber-500/50 bg-surface p-5 text-sm"
      {...intent}
    >
      {payouts.map((payout) => (
        <p key={payout.txHash} className="text-pretty">
          Your {payout.kind === 'refund' ? 'refund' : 'pay'} of <strong>{formatUsdc(payout.amount)}</strong>{' '}
          was credited because the token refused the transfer.
        </p>
      ))}
      {credits.isPending ? (
        <p className="text-muted">Reading what is credited to you…</p>
      ) : credits.error ? (
        <p role="alert">{credits.error.message}</p>
      ) : balance === 0n ? (
        <p className="text-muted">
          Nothing is credited to you in this token any more: it has been withdrawn.
        </p>
      ) : null}
      {credits.data ? (
        <WalletIsland fallback={balance > 0n ? <WithdrawStandIn balance={balance} /> : null}>
          <WithdrawCredit target={target} balance={balance} />
        </WalletIsland>
      ) : null}
    </section>
  )
}

/** Until the wallet stack is loaded: the same button; pressing it loads the stack. */
function WithdrawStandIn({ balance }: { balance: bigint }) {
  const { status, load } = useWalletRoot()
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="button" className={primaryButton} onClick={load} aria-busy={status === 'loading'}>
        {status === 'failed' ? 'Wallet failed to load, retry' : `Withdraw ${formatUsdc(balance)}`}
      </button>
      <span className="text-muted">
        Takes out everything credited to you in this token; it fails while the token still refuses you.
      </span>
    </div>
  )
}
