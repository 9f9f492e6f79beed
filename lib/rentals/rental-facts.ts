import type { Address } from 'viem'
import { RentalStatus } from '@/lib/chain/rental-status'
import { RENTAL_VIEW_STATUSES, type RentalView, type RentalViewStatus } from '@/lib/market/rental-view'
import type { ChainRental } from './rental-detail'
import type { AgentJob } from './rental-schemas'

/** The index's statuses, plus what only the chain can say (an offer burnt unrented) or nobody can. */
export type ChainStatus = RentalViewStatus | 'offer-cancelled' | 'unknown'

/** One rental as the page reasons about it, merged from the index, the chain and the agent. */
export type RentalFacts = {
  status: ChainStatus
  renter: Address
  provider: Address
  token: Address
  pricePerHour: bigint
  /** Seconds paid for (after a stop or a finish: the seconds it ran). */
  duration: number
  /** The offer's longest duration, which `extend` may reach; null until the chain has said it. */
  maxDuration: number | null
  /** What the escrow holds for the rental: the price of `duration`. */
  deposit: bigint
  paid: bigint
  refunded: bigint
  compensation: bigint
  /** The provider's reason code, for a declined rental (when the index has seen the decline). */
  declineReason: number | null
  /** Who settled a no-show (when the index has seen it). */
  settledBy: Address | null
  createdAtMs: number | null
  startedAtMs: number | null
  endsAtMs: number | null
  gpuModel: string | null
  gpuCount: number | null
}

const CHAIN_CODES: Record<number, ChainStatus> = {
  [RentalStatus.Pending]: 'pending',
  [RentalStatus.Running]: 'running',
  [RentalStatus.Stopped]: 'stopped',
  [RentalStatus.Ended]: 'ended',
  [RentalStatus.Cancelled]: 'cancelled',
  [RentalStatus.OfferCancelled]: 'offer-cancelled',
  [RentalStatus.Declined]: 'declined',
  [RentalStatus.Finished]: 'finished',
  [RentalStatus.NoShow]: 'no-show',
}

const ms = (iso: string | null) => (iso ? Date.parse(iso) : null)
const seconds = (value: number) => (value > 0 ? value * 1000 : null)

export function factsFromView(view: RentalView): RentalFacts {
  const status = RENTAL_VIEW_STATUSES.find((s) => s === view.status) ?? 'unknown'
  return {
    status,
    renter: view.renter as Address,
    provider: view.provider as Address,
    token: view.token as Address,
    pricePerHour: BigInt(view.pricePerHour),
    duration: view.duration,
    maxDuration: null,
    deposit: BigInt(view.deposit),
    paid: BigInt(view.paid),
    refunded: BigInt(view.refunded),
    compensation: BigInt(view.compensation),
    declineReason: view.declineReason,
    settledBy: view.settledBy,
    createdAtMs: ms(view.createdAt),
    startedAtMs: ms(view.startedAt),
    endsAtMs: ms(view.endsAt),
    gpuModel: view.gpuModel,
    gpuCount: view.gpuCount,
  }
}

/**
 * What the chain says, with what only the index knows (refunds, compensation, the decline reason,
 * who settled a no-show) taken from `view` when it has seen the same state. A decline the index has
 * not seen yet still refunded the whole deposit: that much the chain's state implies.
 */
export function factsFromChain(chain: ChainRental, view: RentalView | null): RentalFacts {
  const status = CHAIN_CODES[chain.status] ?? 'unknown'
  const deposit = BigInt(chain.deposit)
  const same = view?.status === status ? view : null
  return {
    status,
    renter: chain.renter,
    provider: chain.provider,
    token: chain.token,
    pricePerHour: BigInt(chain.pricePerHour),
    duration: chain.duration,
    maxDuration: chain.maxDuration,
    deposit,
    paid: BigInt(chain.paid),
    // The chain keeps no refund totals; the index does.
    refunded: same ? BigInt(same.refunded) : status === 'declined' ? deposit : 0n,
    compensation: same ? BigInt(same.compensation) : 0n,
    declineReason: same?.declineReason ?? null,
    settledBy: same?.settledBy ?? null,
    createdAtMs: seconds(chain.createdAt) ?? ms(view?.createdAt ?? null),
    startedAtMs: seconds(chain.startedAt),
    endsAtMs: seconds(chain.endsAt),
    gpuModel: view?.gpuModel ?? null,
    gpuCount: view?.gpuCount ?? null,
  }
}

const RANK: Record<ChainStatus, number> = {
  unknown: 0,
  pending: 1,
  running: 2,
  stopped: 3,
  ended: 3,
  cancelled: 3,
  declined: 3,
  finished: 3,
  'no-show': 3,
  'offer-cancelled': 3,
}

/**
 * The freshest picture among several sources: a rental only moves forward (pending → running →
 * over) and, while open, its duration only grows (extend), so the most advanced source wins; ties go
 * to the earlier argument. Once the agent has started the job the rental is running on-chain, even
 * when the index has not seen the start yet: that is what lets the page say "running" at once.
 * Only the chain knows the offer's longest duration, so it is kept from whichever source has it.
 */
export function mergeFacts(sources: (RentalFacts | null)[], agent: AgentJob | null): RentalFacts | null {
  let best: RentalFacts | null = null
  for (const facts of sources) {
    if (!facts) continue
    if (
      !best ||
      RANK[facts.status] > RANK[best.status] ||
      (RANK[facts.status] === RANK[best.status] && facts.duration > best.duration)
    )
      best = facts
  }
  if (!best) return null
  const maxDuration = best.maxDuration ?? sources.find((s) => s?.maxDuration != null)?.maxDuration ?? null
  best = { ...best, maxDuration }
  if (best.status === 'pending' && agent?.startedAt && agent.endsAt && agent.status !== 'cancelled') {
    return { ...best, status: 'running', startedAtMs: agent.startedAt, endsAtMs: agent.endsAt }
  }
  return best
}
