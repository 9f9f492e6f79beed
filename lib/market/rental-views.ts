import { asc, desc, eq, or } from 'drizzle-orm'
import type { Address } from 'viem'
import { cost } from '@/lib/chain/pricing'
import type { Database } from '@/lib/db/database'
import { credits, rentals } from '@/lib/db/schema'
import { creditBalance } from '@/lib/indexer/credit-projection'
import type { CreditList, RentalView } from './rental-view'

type Row = typeof rentals.$inferSelect

export function toRentalView(row: Row, now = new Date()): RentalView {
  const started = row.startedAt?.getTime()
  const elapsed =
    started === undefined
      ? 0
      : Math.max(0, Math.min(row.duration, Math.floor((now.getTime() - started) / 1000)))
  const running = row.status === 'running'
  // Only a started rental accrues; a stopped or finished one was shortened to the seconds it ran.
  const accrued = row.startedAt === null ? 0n : cost(row.pricePerHour, running ? elapsed : row.duration)
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
    deposit: row.deposit.toString(),
    accrued: accrued.toString(),
    paid: row.paid.toString(),
    refunded: row.refunded.toString(),
    compensation: row.compensation.toString(),
    declineReason: row.declineReason,
    settledBy: (row.settledBy as Address | null) ?? null,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    secondsLeft:
      running && row.endsAt ? Math.max(0, Math.floor((row.endsAt.getTime() - now.getTime()) / 1000)) : null,
    jobSpecHash: row.jobSpecHash,
    sealedSpecBytes: row.sealedSpecBytes,
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

/** Payouts credited to `address` and not withdrawn yet, per token (tokens with nothing left omitted). */
export async function creditsOf(db: Database, address: Address): Promise<CreditList['credits']> {
  const rows = await db.select().from(credits).where(eq(credits.account, address)).orderBy(asc(credits.token))
  return rows.flatMap((row) => {
    const amount = creditBalance(row)
    return amount > 0n ? [{ token: row.token as Address, amount: amount.toString() }] : []
  })
}
