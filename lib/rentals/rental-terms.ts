import { type Address, isAddressEqual } from 'viem'
import { cost } from '@/lib/chain/pricing'
import { formatHours } from '@/lib/format/duration'
import type { RentalClock } from './rental-clock'
import type { RentalFacts } from './rental-facts'

/** The contract's ceiling on any rental's duration (WeftMarket.MAX_DURATION, 3650 days). */
const MAX_DURATION = 3650 * 86_400

/** Which of the renter's calls the contract would accept now. */
export function availableActions(facts: RentalFacts, clock: RentalClock) {
  const open = facts.status === 'pending' || (facts.status === 'running' && !clock.over)
  return {
    stop: facts.status === 'running' && !clock.over,
    extend: open && maxExtension(facts) > 0,
    cancel: facts.status === 'pending',
  }
}

/** Seconds that can still be bought: up to the offer's maximum duration (none until it is known). */
export function maxExtension(facts: RentalFacts): number {
  if (facts.maxDuration === null) return 0
  return Math.max(0, Math.min(facts.maxDuration, MAX_DURATION) - facts.duration)
}

export type ExtensionQuote = { ok: true; seconds: number; amount: bigint } | { ok: false; message: string }

/**
 * What `extend` would take for `hoursText` more hours: the price of the new duration less that of
 * the current one (the contract's own difference, so it matches to the unit).
 */
export function quoteExtension(facts: RentalFacts, hoursText: string): ExtensionQuote {
  const cleaned = hoursText.trim().replace(',', '.')
  if (cleaned === '') return { ok: false, message: 'Enter a number of hours.' }
  const hours = Number(cleaned)
  if (!/^\d*\.?\d+$/.test(cleaned) || !Number.isFinite(hours))
    return { ok: false, message: 'Enter hours as a number, such as 1 or 0.5.' }
  const seconds = Math.round(hours * 3600)
  if (seconds < 60) return { ok: false, message: 'Extend by at least one minute (0.02 h).' }
  const most = maxExtension(facts)
  if (seconds > most)
    return {
      ok: false,
      message: `This offer allows at most ${formatHours(most)} more.`,
    }
  const amount = cost(facts.pricePerHour, facts.duration + seconds) - cost(facts.pricePerHour, facts.duration)
  return { ok: true, seconds, amount }
}

/** The market's cancel rules, read from the contract. */
export type CancelRules = {
  startWindow: number
  compensationSeconds: number
  stakeToken: Address
  providerStake: bigint
}

/**
 * What `cancel` sends back: the whole deposit, and once the provider has let the start window pass,
 * an hour (compensationSeconds) of the rental's price out of its stake, as far as the stake goes,
 * for rentals paid in the stake token.
 */
export function quoteCancel(facts: RentalFacts, rules: CancelRules | undefined, nowMs: number) {
  const refund = cost(facts.pricePerHour, facts.duration)
  if (!rules || facts.createdAtMs === null) return { refund, compensation: 0n, windowEndsMs: null }
  const windowEndsMs = facts.createdAtMs + rules.startWindow * 1000
  const late = nowMs > windowEndsMs && isAddressEqual(facts.token, rules.stakeToken)
  // Capped by what is left of the stake (bigints: Math.min does not take them).
  let compensation = late ? cost(facts.pricePerHour, rules.compensationSeconds) : 0n
  if (compensation > rules.providerStake) compensation = rules.providerStake
  return { refund, compensation, windowEndsMs }
}

/**
 * Whether the provider has let the start window pass on a pending rental, so that anyone may settle
 * it as a no-show (`settleNoShow(id)`), and what that pays the renter: the same as a late cancel.
 * Null while the rules or the rental's creation time are unknown.
 */
export function quoteNoShow(facts: RentalFacts, rules: CancelRules | undefined, nowMs: number) {
  if (facts.status !== 'pending') return null
  const quote = quoteCancel(facts, rules, nowMs)
  if (quote.windowEndsMs === null) return null
  return { ...quote, due: nowMs > quote.windowEndsMs }
}
