'use client'

import { useId, useState } from 'react'
import { formatDuration } from '@/lib/format/duration'
import { formatUsdc } from '@/lib/format/token-amount'
import type { RentalFacts } from '@/lib/rentals/rental-facts'
import { maxExtension, quoteExtension } from '@/lib/rentals/rental-terms'
import { secondaryButton } from '@/lib/ui/button-styles'

type ExtendFormProps = {
  facts: RentalFacts
  busy: boolean
  onExtend: (input: { seconds: number; amount: bigint }) => void
}

/** Hours to add, what they cost (the exact amount the escrow will take) and the button. */
export function ExtendForm({ facts, busy, onExtend }: ExtendFormProps) {
  const id = useId()
  const [hours, setHours] = useState('1')
  const quote = quoteExtension(facts, hours)
  const most = maxExtension(facts)
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault()
        if (quote.ok) onExtend({ seconds: quote.seconds, amount: quote.amount })
      }}
    >
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-hours`} className="text-xs text-muted">
            Hours to add
          </label>
          <input
            id={`${id}-hours`}
            inputMode="decimal"
            value={hours}
            onChange={(event) => setHours(event.target.value)}
            aria-invalid={!quote.ok}
            aria-describedby={`${id}-quote`}
            className="h-9 w-28 rounded-md border border-line bg-canvas px-3 text-sm tabular-nums"
          />
        </div>
        <button type="submit" className={secondaryButton} disabled={busy || !quote.ok}>
          Extend rental
        </button>
      </div>
      <p id={`${id}-quote`} className="text-sm text-muted" aria-live="polite">
        {quote.ok
          ? `Adds ${formatDuration(quote.seconds, 'exact')} for ${formatUsdc(quote.amount)}, taken from your wallet into escrow.`
          : quote.message}{' '}
        Up to {formatDuration(most, 'exact')} more is possible.
      </p>
    </form>
  )
}
