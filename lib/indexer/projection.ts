import { cost } from '@/lib/chain/pricing'
import type { rentals } from '@/lib/db/schema'
import { compareEvents, isRentalEvent, type MarketEvent, type RentalEvent } from './events'

export type RentalRow = typeof rentals.$inferSelect

const at = (seconds: number) => new Date(seconds * 1000)
const plus = (start: Date | null, seconds: number) =>
  start ? new Date(start.getTime() + seconds * 1000) : null

/**
 * One step of the rentals projection: the row after `event`, given the row before it (undefined when
 * the rental has no row yet). Pure, so folding a rental's events one chunk at a time gives exactly the
 * row that rebuilding from its whole history gives (which is what a reorg does).
 *
 * Field by field the row mirrors `getRental` on chain: `deposit` is the price of the current
 * duration (so it shrinks to the accrued pay on stop and finish) and `paid` is what the provider has
 * claimed. `refunded` and `compensation` add up what went back to the renter, which the chain does
 * not keep. An offer cancelled before anyone filled it has no rental row (only its event is kept).
 */
export function applyEvent(row: RentalRow | undefined, event: RentalEvent): RentalRow | undefined {
  if (event.name === 'Rented') {
    if (row) return row // a rental id is filled at most once
    const a = event.args
    return {
      id: a.id,
      renter: a.renter,
      provider: a.provider,
      offerId: a.offerId,
      token: a.token,
      pricePerHour: a.pricePerHour,
      duration: a.duration,
      deposit: cost(a.pricePerHour, a.duration),
      jobSpecHash: a.jobSpecHash,
      sealedSpecBytes: a.sealedSpecBytes,
      gpuModel: a.gpuModel,
      gpuCount: a.gpuCount,
      vramMiB: a.vramMiB,
      status: 'pending',
      createdAt: at(event.blockTimestamp),
      startedAt: null,
      endsAt: null,
      paidSeconds: 0,
      paid: 0n,
      refunded: 0n,
      compensation: 0n,
      declineReason: null,
      settledBy: null,
      closedAt: null,
      rentedTx: event.txHash,
      rentedBlock: event.blockNumber,
      updatedBlock: event.blockNumber,
    }
  }
  if (!row || event.name === 'OfferCancelled') return row
  const next: RentalRow = { ...row, updatedBlock: event.blockNumber }
  switch (event.name) {
    case 'Started':
      next.status = 'running'
      next.startedAt = at(event.args.startedAt)
      next.endsAt = at(event.args.endsAt)
      break
    case 'Claimed':
      next.paidSeconds = event.args.paidSeconds
      next.paid = row.paid + event.args.amount
      // Paid in full: a running rental ends; a stopped or finished one stays so (as on chain).
      if (event.args.paidSeconds === row.duration && row.status === 'running') next.status = 'ended'
      break
    case 'Stopped':
    case 'Finished':
      next.status = event.name === 'Stopped' ? 'stopped' : 'finished'
      next.duration = event.args.elapsed
      next.deposit = event.args.accrued
      next.endsAt = plus(row.startedAt, event.args.elapsed) ?? row.endsAt
      next.refunded = row.refunded + event.args.refund
      next.closedAt = at(event.blockTimestamp)
      break
    case 'Extended':
      next.duration = event.args.duration
      next.deposit = row.deposit + event.args.amount
      next.endsAt = plus(row.startedAt, event.args.duration)
      break
    case 'Cancelled':
    case 'NoShowSettled':
      next.status = event.name === 'Cancelled' ? 'cancelled' : 'no-show'
      next.refunded = row.refunded + event.args.refund
      next.compensation = row.compensation + event.args.compensation
      next.closedAt = at(event.blockTimestamp)
      if (event.name === 'NoShowSettled') next.settledBy = event.args.settledBy
      break
    case 'Declined':
      next.status = 'declined'
      next.refunded = row.refunded + event.args.refund
      next.declineReason = event.args.reason
      next.closedAt = at(event.blockTimestamp)
      break
  }
  return next
}

/**
 * Folds the rental events among `events` (in any order; they are sorted by chain position) into the
 * rows they produce, starting from `initial` (rows already in the table, by id). Returns every row
 * the events touched.
 */
export function projectRentals(
  events: readonly MarketEvent[],
  initial: ReadonlyMap<bigint, RentalRow> = new Map(),
): Map<bigint, RentalRow | undefined> {
  const rows = new Map<bigint, RentalRow | undefined>()
  for (const event of events.filter(isRentalEvent).sort(compareEvents)) {
    const id = event.args.id
    const before = rows.has(id) ? rows.get(id) : initial.get(id)
    rows.set(id, applyEvent(before, event))
  }
  return rows
}
