import { cost, splitOnStop } from '@/lib/chain/pricing'
import type { RentalFacts } from './rental-facts'
import type { AgentJob } from './rental-schemas'

/** Where a rental stands at `nowMs`: time used and left, what it has cost, what a stop would refund. */
export type RentalClock = {
  /** Seconds paid for so far (0 before start, capped at the duration). */
  elapsed: number
  /** Seconds until the rental ends; null unless it is running. */
  secondsLeft: number | null
  /** True once a running rental has reached its end (the chain says Running until a claim). */
  over: boolean
  costSoFar: bigint
  /** What `stop` would send back now (it shrinks by the second); null unless stop is possible. */
  refundOnStop: bigint | null
  accruedOnStop: bigint | null
}

/** The rental's clock, with the contract's own rounding (pricing.ts). */
export function rentalClock(facts: RentalFacts, nowMs: number): RentalClock {
  const { status, pricePerHour, duration, startedAtMs, endsAtMs } = facts
  if (status === 'running' && startedAtMs !== null) {
    const elapsed = Math.max(0, Math.min(duration, Math.floor((nowMs - startedAtMs) / 1000)))
    const end = endsAtMs ?? startedAtMs + duration * 1000
    const secondsLeft = Math.max(0, Math.ceil((end - nowMs) / 1000))
    const over = secondsLeft === 0
    const split = splitOnStop(pricePerHour, duration, elapsed)
    return {
      elapsed,
      secondsLeft,
      over,
      costSoFar: split.accrued,
      refundOnStop: over ? null : split.refund,
      accruedOnStop: over ? null : split.accrued,
    }
  }
  const ran = status === 'stopped' || status === 'ended'
  return {
    elapsed: ran ? duration : 0,
    secondsLeft: null,
    over: ran,
    costSoFar: ran ? cost(pricePerHour, duration) : 0n,
    refundOnStop: null,
    accruedOnStop: null,
  }
}

export type StatusTone = 'success' | 'info' | 'warning' | 'danger' | 'neutral'

/** What the page says about a rental's state: a short label and, where useful, what to do next. */
export type StatusDescription = { label: string; tone: StatusTone; note: string | null }

/** The rental's status in words, from the chain's state, its clock and the agent's view of the job. */
export function describeStatus(
  facts: RentalFacts,
  clock: RentalClock,
  agent: AgentJob | null,
): StatusDescription {
  switch (facts.status) {
    case 'cancelled':
      return {
        label: 'Cancelled',
        tone: 'neutral',
        note: 'Cancelled before it started; the deposit was refunded.',
      }
    case 'offer-cancelled':
      return { label: 'Offer withdrawn', tone: 'neutral', note: 'The provider withdrew this offer.' }
    case 'stopped':
      return { label: 'Stopped', tone: 'neutral', note: 'You stopped it; the unused deposit was refunded.' }
    case 'ended':
      return { label: 'Ended', tone: 'neutral', note: 'It ran for all the time paid for.' }
    case 'unknown':
      return { label: 'Unknown', tone: 'neutral', note: null }
    case 'pending':
      if (agent?.status === 'starting')
        return { label: 'Starting', tone: 'info', note: 'The provider is starting your job.' }
      if (agent && !agent.jobDelivered)
        return {
          label: 'Waiting for job',
          tone: 'warning',
          note: 'The provider has not received the job spec yet. Until it starts you can cancel for a full refund.',
        }
      return {
        label: 'Pending',
        tone: 'info',
        note: 'Waiting for the provider to start the job. Until it starts you can cancel for a full refund.',
      }
  }
  if (clock.over) return { label: 'Ended', tone: 'neutral', note: 'It ran for all the time paid for.' }
  const stillPaying = 'The rental is still paid by the second: stop it to get the unused deposit back.'
  if (agent?.status === 'succeeded') return { label: 'Job finished', tone: 'warning', note: stillPaying }
  if (agent?.status === 'failed') {
    const exit = typeof agent.exitCode === 'number' ? ` with exit code ${agent.exitCode}` : ''
    return { label: 'Job failed', tone: 'danger', note: `The job stopped${exit}. ${stillPaying}` }
  }
  // Started on-chain (pay accrues) while the agent still launches the process: running, for the renter.
  if (agent?.status === 'starting')
    return { label: 'Running', tone: 'success', note: 'Started on-chain; the job is launching.' }
  return { label: 'Running', tone: 'success', note: null }
}

/**
 * Everything paid into escrow for the rental (the first deposit and any extensions). A stop leaves
 * `deposit` at what accrued and books the rest as refunded; a cancel refunds the deposit whole.
 */
export function depositPaid(facts: RentalFacts): bigint {
  return facts.status === 'stopped' ? facts.deposit + facts.refunded : facts.deposit
}
