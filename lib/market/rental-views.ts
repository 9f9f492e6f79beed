import { desc, eq, or } from 'drizzle-orm'
import type { Address } from 'viem'
import { cost } from '@/lib/chain/pricing'
import type { Database } from '@/lib/db/database'
import { rentals } from '@/lib/db/schema'
import type { RentalView } from './rental-view'

type Row = typeof rentals.$inferSelect

export function toRentalView(row: Row, now = new Date()): RentalView {
  const started = row.startedAt?.getTime()
  const elapsed =
    started === undefined
      ? 0
      : Math.max(0, Math.min(row.duration, Math.floor((now.getTime() - started) / 1000)))
  const running = row.status === 'running'
  const accrued =
    row.status === 'pending' || row.status === 'cancelled'
      ? 0n
      : cost(row.pricePerHour, running ? elapsed : row.duration)
  return {
    id: row.id.toString(),
    renter: row.renter,
    provider: row.provider,
    offerId: row.offerId,
    token: row.token,
    gpuModel: row.gpuModel,
    gpuCount: row.gpuCount,
    vramMiB: row.vramMiB,
    status: running && elapsed >= row.duration ? 'ended' : row.status,
    pricePerHour: row.pricePerHour.toString(),
    duration: row.duration,
    maxDuration: row.maxDuration,
    deposit: row.deposit.toString(),
    accrued: accrued.toString(),
    paid: row.paid.toString(),
    refunded: row.refunded.toString(),
    compensation: row.compensation.toString(),
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    secondsLeft:
      running && row.endsAt ? Math.max(0, Math.floor((row.endsAt.getTime() - now.getTime()) / 1000)) : null,
    jobSpecHash: row.jobSpecHash,
    rentedTx: row.rentedTx,
  }
}

/** Rentals where `address` is the renter or the provider, newest first. */
export function rentalsOf(db: Database, address: Address, limit = 200): Promise<Row[]> {
  // Addresses are stored checksummed, as the indexer decodes them and sessions hold them.
  return db
    .select()
    .from(rentals)
    .where(or(eq(rentals.renter, address), eq(rentals.provider, address)))
    .orderBy(desc(rentals.createdAt))
    .limit(limit)
}

export async function rentalById(db: Database, id: bigint): Promise<Row | undefined> {
  const [row] = await db.select().from(rentals).where(eq(rentals.id, id))
  return row
}
