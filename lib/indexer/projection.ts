import type { rentals } from '@/lib/db/schema'
import { compareEvents, type MarketEvent } from './events'

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
 * duration (so it shrinks to the accrued pay on stop) and `paid` is what the provider has claimed.
 * An offer cancelled before anyone filled it has no rental row (only its event is kept).
 */
export function applyEvent(row: RentalRow | undefined, event: MarketEvent): RentalRow | undefined {
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
      maxDuration: a.maxDuration,
      deposit: a.deposit,
      jobSpecHash: a.jobSpecHash,
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
      // Paid in full: a running rental ends; a stopped one stays stopped (as on chain).
      if (event.args.paidSeconds === row.duration && row.status === 'running') next.status = 'ended'
      break
    case 'Stopped':
      next.status = 'stopped'
      next.duration = event.args.elapsed
      next.deposit = event.args.accrued
      next.endsAt = plus(row.startedAt, event.args.elapsed) ?? row.endsAt
      next.refunded = row.refunded + event.args.refund
      break
    case 'Extended':
      next.duration = event.args.duration
      next.deposit = row.deposit + event.args.amount
      next.endsAt = plus(row.startedAt, event.args.duration)
      break
    case 'Cancelled':
      next.status = 'cancelled'
      next.refunded = row.refunded + event.args.refund
      next.compensation = row.compensation + event.args.compensation
      break
  }
  return next
}

/**
 * Folds `events` (in any order; they are sorted by chain position) into the rows they produce,
 * starting from `initial` (rows already in the table, by id). Returns every row the events touched.
 */
export function projectRentals(
  events: readonly MarketEvent[],
  initial: ReadonlyMap<bigint, RentalRow> = new Map(),
): Map<bigint, RentalRow | undefined> {
  const rows = new Map<bigint, RentalRow | undefined>()
  for (const event of [...events].sort(compareEvents)) {
    const id = event.args.id
    const before = rows.has(id) ? rows.get(id) : initial.get(id)
    rows.set(id, applyEvent(before, event))
  }
  return rows
}
