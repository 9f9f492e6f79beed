'use client'

import { formatUsdc } from '@/lib/format/token-amount'
import type { RentalTarget } from '@/lib/rentals/rental-calls'
import { useWithdrawCredit } from '@/lib/rentals/use-rental-actions'
import { primaryButton } from '@/lib/ui/button-styles'
import { CallFeedback } from './call-feedback'

/** `withdraw(token)` for what is credited to the viewer, and where that call is. */
export function WithdrawCredit({ target, balance }: { target: RentalTarget; balance: bigint }) {
  const withdraw = useWithdrawCredit(target)
  return (
    <>
      {balance > 0n ? (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            className={primaryButton}
            disabled={withdraw.pending}
            onClick={() => withdraw.run(undefined)}
          >
            Withdraw {formatUsdc(balance)}
          </button>
          <span className="text-muted">
            Takes out everything credited to you in this token; it fails while the token still refuses you.
          </span>
        </div>
      ) : null}
      <CallFeedback call={withdraw} done="Withdrawn" />
    </>
  )
}
