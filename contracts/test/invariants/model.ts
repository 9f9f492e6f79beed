import type { Offer } from '../../../lib/chain/offer-typed-data'
import { cost } from '../../../lib/chain/pricing'

import { RentalStatus as Status } from '../../../lib/chain/rental-status'

export { Status }
export const TERMINAL = new Set<number>([
  Status.Stopped,
  Status.Ended,
  Status.Cancelled,
  Status.OfferCancelled,
])

export const START_WINDOW = 900
export const COMPENSATION_SECONDS = 3600
export const UINT96_MAX = 2n ** 96n - 1n

/** Actors by index: 0–1 providers, 2–3 renters, 4 a stranger who may also rent. */
export const PROVIDERS = [0, 1] as const
export const RENTERS = [2, 3, 4] as const
export const ACTOR_COUNT = 5

export type ModelRental = {
  id: bigint
  offer: Offer
  signature: `0x${string}`
  renter: number
  provider: number
  price: bigint
  duration: number
  maxDuration: number
  since: number
  status: number
  paidSeconds: number
  settled: boolean
  /** Token flows of this rental, as the model expects them. */
  deposited: bigint
  paidOut: bigint
  refunded: bigint
  /** Last accrued total seen on chain while running, to check monotonicity. */
  lastAccrued: bigint
}

export type Model = {
  now: number
  rentals: ModelRental[]
  stakes: bigint[]
  active: number[]
  balances: bigint[]
  market: bigint
}

export function elapsedAt(r: ModelRental, t: number): number {
  return Math.min(t - r.since, r.duration)
}

/** Applies a claim at time `t` by provider `p` to the model; returns the total paid out. */
export function applyClaim(m: Model, p: number, rentals: ModelRental[], t: number): bigint {
  let total = 0n
  for (const r of new Set(rentals)) {
    if ((r.status !== Status.Running && r.status !== Status.Stopped) || r.settled) continue
    const elapsed = elapsedAt(r, t)
    const amount = cost(r.price, elapsed) - cost(r.price, r.paidSeconds)
    r.paidSeconds = elapsed
    r.paidOut += amount
    total += amount
    if (elapsed === r.duration) {
      r.settled = true
      m.active[p] = (m.active[p] ?? 0) - 1
      if (r.status === Status.Running) r.status = Status.Ended
    }
  }
  m.balances[p] = (m.balances[p] ?? 0n) + total
  m.market -= total
  return total
}

export function applyStop(m: Model, r: ModelRental, t: number) {
  const elapsed = elapsedAt(r, t)
  const refund = cost(r.price, r.duration) - cost(r.price, elapsed)
  r.duration = elapsed
  r.status = Status.Stopped
  r.refunded += refund
  m.balances[r.renter] = (m.balances[r.renter] ?? 0n) + refund
  m.market -= refund
}

export function applyCancel(m: Model, r: ModelRental, t: number) {
  const refund = cost(r.price, r.duration)
  r.status = Status.Cancelled
  r.refunded += refund
  m.active[r.provider] = (m.active[r.provider] ?? 0) - 1
  let compensation = 0n
  if (t > r.since + START_WINDOW) {
    const stake = m.stakes[r.provider] ?? 0n
    compensation = cost(r.price, COMPENSATION_SECONDS)
    if (compensation > stake) compensation = stake
    m.stakes[r.provider] = stake - compensation
  }
  m.balances[r.renter] = (m.balances[r.renter] ?? 0n) + refund + compensation
  m.market -= refund + compensation
}

export function applyExtend(m: Model, r: ModelRental, extra: number) {
  const amount = cost(r.price, r.duration + extra) - cost(r.price, r.duration)
  r.duration += extra
  r.deposited += amount
  m.balances[r.renter] = (m.balances[r.renter] ?? 0n) - amount
  m.market += amount
}

/** Why an extend at time `t` by `actor` must revert, or undefined when it must succeed. */
export function extendRefusal(r: ModelRental, actor: number, extra: number, t: number): string | undefined {
  if (actor !== r.renter) return 'NotRenter'
  if (r.status !== Status.Pending && r.status !== Status.Running) return 'WrongStatus'
  if (r.status === Status.Running && t >= r.since + r.duration) return 'RentalEnded'
  if (extra === 0) return 'ZeroAmount'
  if (r.duration + extra > r.maxDuration) return 'ExceedsMaxDuration'
  return undefined
}
