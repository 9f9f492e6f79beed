'use client'

import { formatCountdown, formatDuration } from '@/lib/format/duration'
import { formatUsdc } from '@/lib/format/token-amount'
import { depositPaid, describeStatus, rentalClock } from '@/lib/rentals/rental-clock'
import type { RentalFacts } from '@/lib/rentals/rental-facts'
import type { AgentJob } from '@/lib/rentals/rental-schemas'
import { useNow } from '@/lib/ui/use-now'
import { LocalMoment } from '../local-moment'
import { StatusBadge } from './status-badge'

/** Status, time left and the money: ticks every second on its own, so the page around it does not. */
export function RentalSummary({
  facts,
  job,
  role,
  renderedAt,
}: {
  facts: RentalFacts
  job: AgentJob | null
  role?: 'renter' | 'provider'
  /** When the page was rendered: the clock's reading on the server and while hydrating. */
  renderedAt: number
}) {
  // The server's clock and the browser's never agree: both render the page's own moment first.
  const now = useNow() ?? renderedAt
  const clock = rentalClock(facts, now)
  const status = describeStatus(facts, clock, job, role)
  const ends = facts.endsAtMs
  return (
    <section
      aria-label="Rental status"
      className="flex flex-col gap-4 rounded-lg border border-line bg-surface p-5"
    >
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-sm">
          Status: <StatusBadge label={status.label} tone={status.tone} />
        </p>
        {status.note ? <p className="text-sm text-muted text-pretty">{status.note}</p> : null}
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm md:grid-cols-4">
        <Figure term="Time left">
          {clock.secondsLeft !== null && !clock.over ? (
            <>
              <span className="font-mono text-lg tabular-nums">{formatCountdown(clock.secondsLeft)}</span>
              {ends ? (
                <span className="block text-xs text-muted">
                  ends <LocalMoment ms={ends} />
                </span>
              ) : null}
            </>
          ) : facts.status === 'pending' ? (
            <>
              <span className="text-lg">{formatDuration(facts.duration, 'exact')}</span>
              <span className="block text-xs text-muted">from the start</span>
            </>
          ) : (
            <span className="text-lg">—</span>
          )}
        </Figure>
        <Figure term="Cost so far">
          <span className="text-lg tabular-nums">{formatUsdc(clock.costSoFar)}</span>
          <span className="block text-xs text-muted">
            {formatDuration(clock.elapsed, 'exact')} at {formatUsdc(facts.pricePerHour)} / h
          </span>
        </Figure>
        <Figure term="Deposit">
          <span className="text-lg tabular-nums">{formatUsdc(depositPaid(facts))}</span>
          <span className="block text-xs text-muted">
            {['stopped', 'cancelled', 'declined', 'finished', 'no-show'].includes(facts.status)
              ? 'paid into escrow'
              : `for ${formatDuration(facts.duration, 'exact')}, held in escrow`}
          </span>
        </Figure>
        <Figure term={facts.refunded > 0n ? 'Refunded' : 'Paid to provider'}>
          <span className="text-lg tabular-nums">
            {formatUsdc(facts.refunded > 0n ? facts.refunded + facts.compensation : facts.paid)}
          </span>
          <span className="block text-xs text-muted">
            {facts.refunded > 0n
              ? facts.compensation > 0n
                ? `with ${formatUsdc(facts.compensation)} compensation`
                : 'back to the renter'
              : 'claimed so far'}
          </span>
        </Figure>
      </dl>
    </section>
  )
}

function Figure({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{term}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  )
}
