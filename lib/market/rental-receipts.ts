import { and, asc, eq, inArray } from 'drizzle-orm'
import { isAddressEqual } from 'viem'
import { cost } from '@/lib/chain/pricing'
import type { Database } from '@/lib/db/database'
import { marketEvents } from '@/lib/db/schema'
import type { RentalReceipt } from './rental-view'

type ReceiptBase = Pick<RentalReceipt, 'txHash' | 'blockNumber' | 'logIndex' | 'at' | 'credited'>

type StoredRow = Pick<
  typeof marketEvents.$inferSelect,
  'name' | 'txHash' | 'blockNumber' | 'logIndex' | 'args'
>

const text = (value: unknown) => String(value ?? '0')
const whole = (value: unknown) => Number(value ?? 0)
const isoFromSeconds = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? new Date(value * 1000).toISOString() : null
const bigintOf = (value: unknown) => {
  try {
    return BigInt(String(value ?? '0'))
  } catch {
    return 0n
  }
}

/**
 * The receipt for a stored market event, or undefined for events that are not a rental's own.
 * `credited` says the payout it made was credited rather than transferred (see `rentalReceipts`).
 */
export function toReceipt(row: StoredRow, credited = false): RentalReceipt | undefined {
  const a = row.args
  const base: ReceiptBase = {
    txHash: row.txHash,
    blockNumber: row.blockNumber.toString(),
    logIndex: row.logIndex,
    at: isoFromSeconds(a.blockTimestamp),
    credited,
  }
  switch (row.name) {
    case 'Rented':
      return {
        ...base,
        name: 'Rented',
        // The event carries no deposit: it is the price of the duration, as the contract computes it.
        deposit: cost(bigintOf(a.pricePerHour), whole(a.duration)).toString(),
        duration: whole(a.duration),
      }
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
    case 'Finished':
      return {
        ...base,
        name: row.name,
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
    case 'Declined':
      return { ...base, name: 'Declined', reason: whole(a.reason), refund: text(a.refund) }
    case 'NoShowSettled':
      return {
        ...base,
        name: 'NoShowSettled',
        settledBy: String(a.settledBy) as `0x${string}`,
        refund: text(a.refund),
        compensation: text(a.compensation),
      }
    default:
      return undefined
  }
}

/** Who a rental event's payout goes to: the provider for a claim, the renter for every refund. */
function payeeOf(name: string): 'renter' | 'provider' | null {
  if (name === 'Claimed') return 'provider'
  if (['Stopped', 'Finished', 'Cancelled', 'Declined', 'NoShowSettled'].includes(name)) return 'renter'
  return null
}

type Credit = { txHash: string; account: string; token: string }

/**
 * Which of a rental's payouts were credited: a `Credited` event in the same transaction naming the
 * payee and the rental's token. A token refuses a payee for the whole transaction (blacklist,
 * pause), so a claim paying several rentals in one transfer is credited for each of them alike.
 */
export function creditedPayouts(rows: readonly StoredRow[], creditsInTxs: readonly Credit[]): boolean[] {
  const rented = rows.find((row) => row.name === 'Rented')?.args
  return rows.map((row) => {
    const payee = payeeOf(row.name)
    if (!payee || !rented) return false
    const account = String(rented[payee])
    const token = String(rented.token)
    return creditsInTxs.some(
      (credit) =>
        credit.txHash === row.txHash &&
        isAddressEqual(credit.account as `0x${string}`, account as `0x${string}`) &&
        isAddressEqual(credit.token as `0x${string}`, token as `0x${string}`),
    )
  })
}

/** A rental's transactions in chain order, from the indexed market events. */
export async function rentalReceipts(db: Database, id: bigint): Promise<RentalReceipt[]> {
  const columns = {
    name: marketEvents.name,
    txHash: marketEvents.txHash,
    blockNumber: marketEvents.blockNumber,
    logIndex: marketEvents.logIndex,
    args: marketEvents.args,
  }
  const rows = await db
    .select(columns)
    .from(marketEvents)
    .where(eq(marketEvents.rentalId, id))
    .orderBy(asc(marketEvents.blockNumber), asc(marketEvents.logIndex))
  const payoutBlocks = [...new Set(rows.filter((r) => payeeOf(r.name)).map((r) => r.blockNumber))]
  // Credits are rare: look only in the blocks of this rental's payouts (the primary key's prefix).
  const credits =
    payoutBlocks.length === 0
      ? []
      : (
          await db
            .select(columns)
            .from(marketEvents)
            .where(and(eq(marketEvents.name, 'Credited'), inArray(marketEvents.blockNumber, payoutBlocks)))
        ).map((r) => ({ txHash: r.txHash, account: String(r.args.account), token: String(r.args.token) }))
  const credited = creditedPayouts(rows, credits)
  return rows
    .map((row, i) => toReceipt(row, credited[i]))
    .filter((receipt): receipt is RentalReceipt => receipt !== undefined)
}
