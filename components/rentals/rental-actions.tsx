'use client'

import { isAddressEqual } from 'viem'
import { useAccount } from 'wagmi'
import { formatDuration } from '@/lib/format/duration'
import { formatMoment } from '@/lib/format/moment'
import { formatUsdc } from '@/lib/format/token-amount'
import type { RentalTarget } from '@/lib/rentals/rental-calls'
import { rentalClock } from '@/lib/rentals/rental-clock'
import type { RentalFacts } from '@/lib/rentals/rental-facts'
import { availableActions, quoteCancel } from '@/lib/rentals/rental-terms'
import { useCancelRules } from '@/lib/rentals/use-cancel-rules'
import { useCancelRental, useExtendRental, useStopRental } from '@/lib/rentals/use-rental-actions'
import { secondaryButton } from '@/lib/ui/button-styles'
import { useNow } from '@/lib/ui/use-now'
import { shortAddress } from '@/lib/wallet/short-address'
import { STAGES } from './call-feedback'
import { ExtendForm } from './extend-form'
import { SettleNoShow } from './settle-no-show'

const dangerButton =
  'inline-flex h-9 items-center justify-center rounded-md border border-rose-600/50 bg-surface px-3.5 text-sm font-medium text-rose-700 hover:bg-rose-500/10 disabled:cursor-not-allowed disabled:opacity-60 dark:text-rose-300'

type RentalActionsProps = { facts: RentalFacts; target: RentalTarget }

/**
 * Stop, extend and cancel, each with the amounts it will move, for the rental's renter; and once the
 * provider has let the start window pass, settling the rental as a no-show.
 */
export function RentalActions({ facts, target }: RentalActionsProps) {
  // Rentals load in the browser, after hydration, so the clock has a value by the time they show.
  const now = useNow() ?? Date.now()
  const clock = rentalClock(facts, now)
  const can = availableActions(facts, clock)
  const { address } = useAccount()
  const stop = useStopRental(target)
  const extend = useExtendRental(target)
  const cancel = useCancelRental(target)
  const rules = useCancelRules(target, facts.provider, can.cancel)
  const busy = stop.pending || extend.pending || cancel.pending
  const calls = [
    { name: 'Stopped', call: stop },
    { name: 'Extended', call: extend },
    { name: 'Cancelled', call: cancel },
  ]
  const active = calls.find(({ call }) => call.pending)
  const done = calls.find(({ call }) => call.hash)
  const failed = calls.find(({ call }) => call.problem)

  const wrongAccount = address !== undefined && !isAddressEqual(address, facts.renter)
  const cancelQuote = quoteCancel(facts, rules, now)

  return (
    <section
      aria-labelledby="actions-heading"
      className="flex flex-col gap-4 rounded-lg border border-line bg-surface p-5"
    >
      <h2 id="actions-heading" className="text-lg font-semibold">
        Manage this rental
      </h2>
      {wrongAccount ? (
        <p role="alert" className="text-sm">
          Your wallet is on {shortAddress(address)}, but only {shortAddress(facts.renter)}, which rented this
          GPU, can stop, extend or cancel it. Switch accounts in your wallet.
        </p>
      ) : null}
      {!can.stop && !can.extend && !can.cancel ? (
        <p className="text-sm text-muted">
          This rental is over: there is nothing left to stop, extend or cancel.
        </p>
      ) : null}
      {can.stop && clock.refundOnStop !== null && clock.accruedOnStop !== null ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm text-muted text-pretty">
            Stop ends the job now. About <strong className="text-fg">{formatUsdc(clock.refundOnStop)}</strong>{' '}
            of the deposit comes back to you (a little less for each second until the transaction is mined);
            the provider keeps {formatUsdc(clock.accruedOnStop)} for {formatDuration(clock.elapsed, 'exact')}{' '}
            of use.
          </p>
          <div>
            <button
              type="button"
              className={dangerButton}
              disabled={busy}
              onClick={() => stop.run(undefined)}
            >
              Stop rental
            </button>
          </div>
        </div>
      ) : null}
      {can.extend ? <ExtendForm facts={facts} busy={busy} onExtend={(input) => extend.run(input)} /> : null}
      {can.cancel ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm text-muted text-pretty">
            Cancel before the provider starts: the whole deposit,{' '}
            <strong className="text-fg">{formatUsdc(cancelQuote.refund)}</strong>, comes back to you
            {cancelQuote.compensation > 0n
              ? `, plus ${formatUsdc(cancelQuote.compensation)} from the provider’s stake because it did not start in time`
              : cancelQuote.windowEndsMs
                ? `; if the provider has not started by ${formatMoment(cancelQuote.windowEndsMs)}, its stake also pays you compensation`
                : ''}
            .
          </p>
          <div>
            <button
              type="button"
              className={dangerButton}
              disabled={busy}
              onClick={() => cancel.run(undefined)}
            >
              Cancel rental
            </button>
          </div>
        </div>
      ) : null}
      {facts.status === 'pending' ? <SettleNoShow facts={facts} target={target} busy={busy} /> : null}
      <div aria-live="polite" className="text-sm">
        {active?.call.stage ? <p role="status">{STAGES[active.call.stage]}</p> : null}
        {!active && done?.call.hash ? (
          <p role="status">
            {done.name} in transaction <code className="font-mono break-all">{done.call.hash}</code>. The
            receipts below update once the market indexes it.{' '}
            <button type="button" className="text-accent-text underline" onClick={done.call.reset}>
              Dismiss
            </button>
          </p>
        ) : null}
        {!active && failed?.call.problem ? (
          <p role="alert" className="text-rose-700 dark:text-rose-300">
            {failed.call.problem.message}{' '}
            <button type="button" className={`${secondaryButton} ml-1 h-7`} onClick={failed.call.reset}>
              Dismiss
            </button>
          </p>
        ) : null}
      </div>
    </section>
  )
}
