import type { credits } from '@/lib/db/schema'
import { type CreditEvent, compareEvents, isCreditEvent, type MarketEvent } from './events'

export type CreditRow = typeof credits.$inferSelect

/** The key of an account's credit in one token: addresses as the chain decodes them (checksummed). */
export const creditKey = (account: string, token: string) => `${account}:${token}`

/** One step of the credits projection: `Credited` adds to what was credited, `Withdrawn` to what left. */
export function applyCreditEvent(row: CreditRow | undefined, event: CreditEvent): CreditRow {
  const { account, token, amount } = event.args
  const before = row ?? { account, token, credited: 0n, withdrawn: 0n, updatedBlock: event.blockNumber }
  return {
    ...before,
    credited: before.credited + (event.name === 'Credited' ? amount : 0n),
    withdrawn: before.withdrawn + (event.name === 'Withdrawn' ? amount : 0n),
    updatedBlock: event.blockNumber,
  }
}

/**
 * Folds the credit events among `events` (sorted by chain position) into the rows they touch,
 * starting from `initial` (rows already in the table, by `creditKey`). Pure, like the rentals
 * projection, so chunk by chunk equals a rebuild from the whole history.
 */
export function projectCredits(
  events: readonly MarketEvent[],
  initial: ReadonlyMap<string, CreditRow> = new Map(),
): Map<string, CreditRow> {
  const rows = new Map<string, CreditRow>()
  for (const event of events.filter(isCreditEvent).sort(compareEvents)) {
    const key = creditKey(event.args.account, event.args.token)
    rows.set(key, applyCreditEvent(rows.get(key) ?? initial.get(key), event))
  }
  return rows
}

/** What the account can withdraw now: credited less withdrawn (never below zero). */
export function creditBalance(row: Pick<CreditRow, 'credited' | 'withdrawn'>): bigint {
  const left = row.credited - row.withdrawn
  return left > 0n ? left : 0n
}
