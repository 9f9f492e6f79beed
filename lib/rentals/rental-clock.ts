import { type Address, isAddressEqual } from 'viem'
import { cost, splitOnStop } from '@/lib/chain/pricing'
import { declineReasonText } from '@/lib/chain/rental-status'
import { formatUsdc } from '@/lib/format/token-amount'
import { shortAddress } from '@/lib/wallet/short-address'
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
  const ran = status === 'stopped' || status === 'ended' || status === 'finished'
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

/** Who settled a no-show, as the viewer reads it. */
function settlerName(facts: RentalFacts, role: 'renter' | 'provider' | undefined): string {
  const by = facts.settledBy
  if (!by) return 'someone'
  const is = (address: Address) => isAddressEqual(by, address)
  if (is(facts.renter)) return role === 'renter' ? 'you' : 'the renter'
  if (is(facts.provider)) return role === 'provider' ? 'you' : 'the provider'
  return `another account (${shortAddress(by)})`
}

/**
 * The rental's status in words, from the chain's state, its clock and the agent's view of the job:
 * for a rental that is over, what happened, why, and the money it moved. `role` is the viewer's.
 */
export function describeStatus(
  facts: RentalFacts,
  clock: RentalClock,
  agent: AgentJob | null,
  role?: 'renter' | 'provider',
): StatusDescription {
  const stake = 'from the provider’s stake'
  switch (facts.status) {
    case 'cancelled':
      return {
        label: 'Cancelled',
        tone: 'neutral',
        note:
          facts.compensation > 0n
            ? `Cancelled after the provider let its start window pass: the deposit, ${formatUsdc(facts.refunded)}, was refunded with ${formatUsdc(facts.compensation)} compensation ${stake}.`
            : 'Cancelled before it started; the deposit was refunded.',
      }
    case 'declined':
      return {
        label: 'Declined',
        tone: 'warning',
        note: `${declineReasonText(facts.declineReason ?? 0)} The whole deposit, ${formatUsdc(facts.refunded)}, was refunded at once.`,
      }
    case 'finished':
      return {
        label: 'Finished',
        tone: 'neutral',
        note: `The provider finished the rental because the job ended: billed ${facts.duration.toLocaleString('en-US')} seconds = ${formatUsdc(cost(facts.pricePerHour, facts.duration))}, refunded ${formatUsdc(facts.refunded)}.`,
      }
    case 'no-show':
      return {
        label: 'No-show',
        tone: 'warning',
        note: `The provider neither started nor declined it within its start window. Settled by ${settlerName(facts, role)}: the deposit, ${formatUsdc(facts.refunded)}, was refunded${facts.compensation > 0n ? ` with ${formatUsdc(facts.compensation)} compensation ${stake}` : ''}.`,
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
 * Everything paid into escrow for the rental (the first deposit and any extensions). A stop or a
 * finish leaves `deposit` at what accrued and books the rest as refunded; a cancel, a decline and a
 * no-show refund the deposit whole.
 */
export function depositPaid(facts: RentalFacts): bigint {
  return facts.status === 'stopped' || facts.status === 'finished'
    ? facts.deposit + facts.refunded
    : facts.deposit
}
