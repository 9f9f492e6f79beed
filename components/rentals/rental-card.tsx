import { formatCountdown, formatDuration } from '@/lib/format/duration'
import { formatMoment } from '@/lib/format/moment'
import { formatUsdc } from '@/lib/format/token-amount'
import type { ListedRental } from '@/lib/market/rental-view'
import { depositPaid, describeStatus, rentalClock } from '@/lib/rentals/rental-clock'
import { factsFromView } from '@/lib/rentals/rental-facts'
import { gpuLabel, shortHash } from '@/lib/rentals/rental-format'
import { IntentLink } from '../intent-link'
import { StatusBadge } from './status-badge'

/** One rental in the list: what it is, where it stands, time left, cost so far and deposit. */
export function RentalCard({ rental, now }: { rental: ListedRental; now: number }) {
  const facts = factsFromView(rental)
  const clock = rentalClock(facts, now)
  const status = describeStatus(facts, clock, null, rental.role)
  const name = gpuLabel(rental.gpuModel, rental.gpuCount)
  return (
    <article
      aria-label={`${name}, ${status.label}`}
      className="relative rounded-lg border border-line bg-surface p-4 hover:border-accent-text/50 focus-within:border-accent-text/50"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">
          {/* The whole card is the link's target; the text names the rental. */}
          <IntentLink
            href={`/rentals/${rental.id}`}
            className="after:absolute after:inset-0 after:rounded-lg"
          >
            {name}
          </IntentLink>
        </h2>
        <StatusBadge label={status.label} tone={status.tone} />
      </div>
      <p className="mt-1 font-mono text-xs text-muted">
        Rental {shortHash(`0x${BigInt(rental.id).toString(16).padStart(64, '0')}`)} · rented{' '}
        {formatMoment(Date.parse(rental.createdAt))}
      </p>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
        <Figure term="Time left">
          {clock.secondsLeft !== null && !clock.over ? (
            <span className="font-mono tabular-nums">{formatCountdown(clock.secondsLeft)}</span>
          ) : facts.status === 'pending' ? (
            `${formatDuration(facts.duration, 'exact')} once started`
          ) : (
            '—'
          )}
        </Figure>
        <Figure term="Cost so far">
          <span className="tabular-nums">{formatUsdc(clock.costSoFar)}</span>
        </Figure>
        <Figure term="Deposit">
          <span className="tabular-nums">{formatUsdc(depositPaid(facts))}</span>
        </Figure>
        {facts.refunded > 0n ? (
          <Figure term="Refunded">
            <span className="tabular-nums">{formatUsdc(facts.refunded + facts.compensation)}</span>
          </Figure>
        ) : (
          <Figure term="Price">
            <span className="tabular-nums">{formatUsdc(facts.pricePerHour)}</span> / h
          </Figure>
        )}
      </dl>
    </article>
  )
}

function Figure({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}
