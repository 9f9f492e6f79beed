import type { Hex } from 'viem'
import type { Offer } from '../../../lib/chain/offer-typed-data'
import { cost } from '../../../lib/chain/pricing'

import { RentalStatus as Status } from '../../../lib/chain/rental-status'

export { Status }
/** Statuses in which a rental's deposit is fully accounted for (paid out or refunded, once settled). */
export const TERMINAL = new Set<number>([
  Status.Stopped,
  Status.Ended,
  Status.Cancelled,
  Status.Declined,
  Status.Finished,
  Status.NoShow,
])
const NOT_STARTED = new Set<number>([Status.Pending, Status.Cancelled, Status.Declined, Status.NoShow])

export const START_WINDOW = 900
export const COMPENSATION_SECONDS = 3600
export const MIN_STAKE = 100_000_000n
export const UINT96_MAX = 2n ** 96n - 1n
export const MAX_SEALED_SPEC_BYTES = 32 * 1024

/** Actors by index: 0–1 providers, 2–3 renters, 4 a stranger who may also rent. */
export const PROVIDERS = [0, 1] as const
export const RENTERS = [2, 3, 4] as const
export const ACTOR_COUNT = 5
/**
 * Payment tokens by index: 0 is the stake token, USDC-shaped (it can be paused and can blacklist
 * accounts, so payouts get credited); 1 is a plain second token, never compensated from the stake.
 */
export const STAKE_TOKEN = 0
export const TOKEN_COUNT = 2

export type ModelRental = {
  id: bigint
  offer: Offer
  signature: Hex
  token: number
  renter: number
  provider: number
  price: bigint
  duration: number
  maxDuration: number
  since: number
  status: number
  paidSeconds: number
  settled: boolean
  /** Token flows of this rental, as the model expects them (a credited payout counts as made). */
  deposited: bigint
  paidOut: bigint
  refunded: bigint
  compensation: bigint
  /** Last accrued total seen on chain while running, to check monotonicity. */
  lastAccrued: bigint
}

export type Model = {
  now: number
  rentals: ModelRental[]
  stakes: bigint[]
  active: number[]
  /** By token, then by actor. */
  balances: bigint[][]
  credits: bigint[][]
  /** The market's balance of each token, and what was sent to it from outside (owed to nobody). */
  market: bigint[]
  donated: bigint[]
  /** Each token's total held by the actors and the market (constant: nobody mints during a run). */
  supply: bigint[]
  /** The stake token's pause and blacklist (only the USDC-shaped stake token has them). */
  paused: boolean
  blacklisted: boolean[]
}

/** What the sequences reached, for the test to show they exercised credits and withdrawals. */
export const reach = {
  credited: 0,
  withdrawn: 0,
  withdrawRefused: 0,
  twinOffers: 0,
  foreignCalls: 0,
  stakeWithdrawn: 0,
}

const add = (row: bigint[] | undefined, i: number, amount: bigint) => {
  if (!row) throw new Error('no such token')
  row[i] = (row[i] ?? 0n) + amount
}
export const balanceOf = (m: Model, token: number, actor: number) => m.balances[token]?.[actor] ?? 0n
export const creditOf = (m: Model, token: number, actor: number) => m.credits[token]?.[actor] ?? 0n

/** Whether a transfer of `token` from or to `actor` fails (the stake token paused, or the actor listed). */
export function refuses(m: Model, token: number, actor: number): boolean {
  return token === STAKE_TOKEN && (m.paused || m.blacklisted[actor] === true)
}

/** A payout from the market: transferred, or credited when the token refuses it. */
export function pay(m: Model, token: number, actor: number, amount: bigint) {
  if (amount === 0n) return
  if (refuses(m, token, actor)) {
    add(m.credits[token], actor, amount)
    reach.credited += 1
  } else {
    add(m.balances[token], actor, amount)
    add(m.market, token, -amount)
  }
}

/** A pull into the market (rent, extend, addStake); the caller checked that it succeeds. */
export function pull(m: Model, token: number, actor: number, amount: bigint) {
  add(m.balances[token], actor, -amount)
  add(m.market, token, amount)
}

/** Whether pulling `amount` of `token` from `actor` succeeds. */
export function canPull(m: Model, token: number, actor: number, amount: bigint): boolean {
  return amount === 0n || (!refuses(m, token, actor) && amount <= balanceOf(m, token, actor))
}

/** `withdraw(token)` by `actor` succeeds only with a credit the token no longer refuses to pay. */
export function canWithdraw(m: Model, token: number, actor: number): boolean {
  return creditOf(m, token, actor) > 0n && !refuses(m, token, actor)
}

/** A successful `withdraw(token)`: the whole credit, transferred. */
export function applyWithdraw(m: Model, token: number, actor: number) {
  const amount = creditOf(m, token, actor)
  add(m.credits[token], actor, -amount)
  pay(m, token, actor, amount)
}

/** The rental a provider reaches by naming `offerId`: only ever one of its own. */
export function findOwn(m: Model, provider: number, offerId: Hex): ModelRental | undefined {
  return m.rentals.find((r) => r.provider === provider && r.offer.offerId === offerId)
}

export function elapsedAt(r: ModelRental, t: number): number {
  return Math.min(t - r.since, r.duration)
}

export const accrues = (r: ModelRental) => !NOT_STARTED.has(r.status)

/** A claim at time `t` by provider `p` naming `rentals` (its own): pays what accrued, settles the over. */
export function applyClaim(m: Model, p: number, rentals: ModelRental[], t: number) {
  const total = new Array<bigint>(TOKEN_COUNT).fill(0n)
  for (const r of new Set(rentals)) {
    if (r.settled) continue
    if (r.status === Status.Declined || r.status === Status.Cancelled) {
      r.settled = true
      m.active[p] = (m.active[p] ?? 0) - 1
      continue
    }
    if (r.status !== Status.Running && r.status !== Status.Stopped && r.status !== Status.Finished) continue
    const elapsed = elapsedAt(r, t)
    const amount = cost(r.price, elapsed) - cost(r.price, r.paidSeconds)
    r.paidSeconds = elapsed
    r.paidOut += amount
    total[r.token] = (total[r.token] ?? 0n) + amount
    if (elapsed === r.duration) {
      r.settled = true
      m.active[p] = (m.active[p] ?? 0) - 1
      if (r.status === Status.Running) r.status = Status.Ended
    }
  }
  for (const [token, amount] of total.entries()) pay(m, token, p, amount)
}

/** `stop` (renter) or `finish` (provider): ends a running rental now and refunds the unused part. */
export function applyEndRunning(m: Model, r: ModelRental, t: number, status: number) {
  const elapsed = elapsedAt(r, t)
  const refund = cost(r.price, r.duration) - cost(r.price, elapsed)
  r.duration = elapsed
  r.status = status
  r.refunded += refund
  pay(m, r.token, r.renter, refund)
}

/**
 * Closes a rental that never started (decline, cancel, settleNoShow): the renter gets the deposit
 * back. With `compensate` (after the start window) it settles at once and, for a stake-token
 * rental, the renter also gets min(stake, price × compensationSeconds / 1 h) from the stake;
 * otherwise it settles at the provider's next claim naming it.
 */
export function applyCloseUnstarted(m: Model, r: ModelRental, status: number, compensate: boolean) {
  const refund = cost(r.price, r.duration)
  r.status = status
  r.refunded += refund
  let compensation = 0n
  if (compensate) {
    r.settled = true
    m.active[r.provider] = (m.active[r.provider] ?? 0) - 1
    if (r.token === STAKE_TOKEN) {
      const stake = m.stakes[r.provider] ?? 0n
      compensation = cost(r.price, COMPENSATION_SECONDS)
      if (compensation > stake) compensation = stake
      m.stakes[r.provider] = stake - compensation
      r.compensation += compensation
    }
  }
  pay(m, r.token, r.renter, refund + compensation)
}

export function applyExtend(m: Model, r: ModelRental, extra: number) {
  const amount = cost(r.price, r.duration + extra) - cost(r.price, r.duration)
  r.duration += extra
  r.deposited += amount
  pull(m, r.token, r.renter, amount)
}

/** Why an extend at time `t` by `actor` must revert, or undefined when it must succeed. */
export function extendRefusal(
  m: Model,
  r: ModelRental,
  actor: number,
  extra: number,
  t: number,
): string | undefined {
  if (actor !== r.renter) return 'NotRenter'
  if (r.status !== Status.Pending && r.status !== Status.Running) return 'WrongStatus'
  if (r.status === Status.Running && t >= r.since + r.duration) return 'RentalEnded'
  if (extra === 0) return 'ZeroAmount'
  if (r.duration + extra > r.maxDuration) return 'ExceedsMaxDuration'
  const amount = cost(r.price, r.duration + extra) - cost(r.price, r.duration)
  if (!canPull(m, r.token, actor, amount)) return 'the token refuses the pull'
  return undefined
}
