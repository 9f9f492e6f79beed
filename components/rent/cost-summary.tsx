import { cost, splitOnStop } from '@/lib/chain/pricing'
import { formatDuration } from '@/lib/format/duration'
import { formatUsdcFigure } from '@/lib/format/token-amount'

type CostSummaryProps = {
  pricePerHour: bigint
  /** Seconds, when the duration field holds a valid duration. */
  duration: number | undefined
  startWindow: number | null
}

/** The deposit to the unit, what an early stop gives back, and what happens if the provider never starts. */
export function CostSummary({ pricePerHour, duration, startWindow }: CostSummaryProps) {
  const perMinute = cost(pricePerHour, 60)
  if (duration === undefined) {
    return (
      <p className="text-sm text-muted">
        {formatUsdcFigure(pricePerHour)} USDC per hour ({formatUsdcFigure(perMinute)} per minute), paid per
        second.
      </p>
    )
  }
  const half = Math.floor(duration / 2)
  const { refund } = splitOnStop(pricePerHour, duration, half)
  return (
    <section aria-label="Cost" className="flex flex-col gap-2 rounded-md bg-subtle p-3 text-sm">
      <div className="flex items-baseline justify-between gap-3">
        <span className="text-muted">Deposit for {formatDuration(duration)}</span>
        <span data-testid="rent-deposit" className="text-lg font-semibold tabular-nums">
          {formatUsdcFigure(cost(pricePerHour, duration))} USDC
        </span>
      </div>
      <p className="text-xs text-muted text-pretty">
        {formatUsdcFigure(pricePerHour)} USDC per hour, paid to the provider per second from the moment it
        starts your job. Stop early and the unused part comes back at once: stopping after{' '}
        {formatDuration(half)} refunds{' '}
        <span className="font-medium text-fg tabular-nums">{formatUsdcFigure(refund)} USDC</span>.
        {startWindow !== null
          ? ` If the provider has not started within ${formatDuration(startWindow)}, cancel for a full refund plus compensation from its stake.`
          : ' If the provider never starts, cancel for a full refund.'}
      </p>
    </section>
  )
}
