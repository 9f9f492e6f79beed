import { asc, eq } from 'drizzle-orm'
import type { Database } from '@/lib/db/database'
import { marketEvents } from '@/lib/db/schema'
import type { RentalReceipt } from './rental-view'

type ReceiptBase = Pick<RentalReceipt, 'txHash' | 'blockNumber' | 'logIndex' | 'at'>

type StoredRow = Pick<
  typeof marketEvents.$inferSelect,
  'name' | 'txHash' | 'blockNumber' | 'logIndex' | 'args'
>

const text = (value: unknown) => String(value ?? '0')
const whole = (value: unknown) => Number(value ?? 0)
const isoFromSeconds = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? new Date(value * 1000).toISOString() : null

/** The receipt for a stored market event, or undefined for events that are not a rental's own. */
export function toReceipt(row: StoredRow): RentalReceipt | undefined {
  const a = row.args
  const base: ReceiptBase = {
    txHash: row.txHash,
    blockNumber: row.blockNumber.toString(),
    logIndex: row.logIndex,
    at: isoFromSeconds(a.blockTimestamp),
  }
  switch (row.name) {
    case 'Rented':
      return { ...base, name: 'Rented', deposit: text(a.deposit), duration: whole(a.duration) }
    case 'Started':
      return {
        ...base,
        name: 'Started',
        startedAt: isoFromSeconds(a.startedAt) ?? '',
        endsAt: isoFromSeconds(a.endsAt) ?? '',
      }
    case 'Claimed':
      return { ...base, name: 'Claimed', amount: text(a.amount), paidSeconds: whole(a.paidSeconds) }
    case 'Stopped':
      return {
        ...base,
        name: 'Stopped',
        elapsed: whole(a.elapsed),
        accrued: text(a.accrued),
        refund: text(a.refund),
      }
    case 'Extended':
      return {
        ...base,
        name: 'Extended',
        extraSeconds: whole(a.extraSeconds),
        duration: whole(a.duration),
        amount: text(a.amount),
      }
    case 'Cancelled':
      return { ...base, name: 'Cancelled', refund: text(a.refund), compensation: text(a.compensation) }
    default:
      return undefined
  }
}

/** A rental's transactions in chain order, from the indexed market events. */
export async function rentalReceipts(db: Database, id: bigint): Promise<RentalReceipt[]> {
  const rows = await db
    .select({
      name: marketEvents.name,
      txHash: marketEvents.txHash,
      blockNumber: marketEvents.blockNumber,
      logIndex: marketEvents.logIndex,
      args: marketEvents.args,
    })
    .from(marketEvents)
    .where(eq(marketEvents.rentalId, id))
    .orderBy(asc(marketEvents.blockNumber), asc(marketEvents.logIndex))
  return rows.map(toReceipt).filter((receipt): receipt is RentalReceipt => receipt !== undefined)
}
