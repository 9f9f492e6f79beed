'use client'

import { formatMoment } from '@/lib/format/moment'
import { formatUsdc } from '@/lib/format/token-amount'
import type { RentalTarget } from '@/lib/rentals/rental-calls'
import type { RentalFacts } from '@/lib/rentals/rental-facts'
import { quoteNoShow } from '@/lib/rentals/rental-terms'
import { useCancelRules } from '@/lib/rentals/use-cancel-rules'
import { useSettleNoShow } from '@/lib/rentals/use-rental-actions'
import { secondaryButton } from '@/lib/ui/button-styles'
import { useNow } from '@/lib/ui/use-now'
import { CallFeedback } from './call-feedback'

type SettleNoShowProps = { facts: RentalFacts; target: RentalTarget; busy?: boolean }

/**
 * "Settle no-show" for a pending rental whose provider let the start window pass: anyone may call
 * `settleNoShow(id)`; the renter gets the deposit back with compensation from the provider's stake,
 * and the provider's stake unlocks. Renders nothing before the window has passed.
 */
export function SettleNoShow({ facts, target, busy = false }: SettleNoShowProps) {
  const now = useNow() ?? Date.now()
  const rules = useCancelRules(target, facts.provider, facts.status === 'pending')
  const settle = useSettleNoShow(target)
  const quote = quoteNoShow(facts, rules, now)
  if (!quote?.due && !settle.hash) return null
  return (
    <div className="flex flex-col gap-2">
      {quote?.due ? (
        <>
          <p className="text-sm text-muted text-pretty">
            The provider has neither started nor declined this rental since its start window closed
            {quote.windowEndsMs ? ` at ${formatMoment(quote.windowEndsMs)}` : ''}. Anyone can settle it as a
            no-show: the renter gets the deposit,{' '}
            <strong className="text-fg">{formatUsdc(quote.refund)}</strong>
            {quote.compensation > 0n
              ? `, plus ${formatUsdc(quote.compensation)} from the provider’s stake`
              : ''}
            , and the provider’s stake is released.
          </p>
          <div>
            <button
              type="button"
              className={secondaryButton}
              disabled={busy || settle.pending}
              onClick={() => settle.run(undefined)}
            >
              Settle no-show
            </button>
          </div>
        </>
      ) : null}
      <CallFeedback call={settle} done="Settled as a no-show" />
    </div>
  )
}
