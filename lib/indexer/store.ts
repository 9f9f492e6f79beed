import { and, asc, desc, eq, getTableColumns, gt, inArray, lte, sql } from 'drizzle-orm'
import type { Hex } from 'viem'
import type { Database } from '@/lib/db/database'
import { chainCursors, credits, marketEvents, rentals } from '@/lib/db/schema'
import { type CreditRow, creditKey, projectCredits } from './credit-projection'
import {
  compareEvents,
  fromStoredEvent,
  isCreditEvent,
  isRentalEvent,
  type MarketEvent,
  toStoredEvent,
} from './events'
import { projectRentals, type RentalRow } from './projection'

/** The last block whose events are all applied, and its hash (to notice a reorg under it). */
export type Cursor = { blockNumber: bigint; blockHash: Hex }

export const CURSOR_NAME = 'market'
const BATCH = 1000 // rows per statement

/** Another indexer moved the cursor since this one read it: its work wins, ours is dropped. */
export class CursorMovedError extends Error {}

export async function readCursor(db: Database): Promise<Cursor | null> {
  const [row] = await db.select().from(chainCursors).where(eq(chainCursors.name, CURSOR_NAME))
  return row ? { blockNumber: row.blockNumber, blockHash: row.blockHash as Hex } : null
}

/** Locks the cursor row for this transaction and checks it is still where the caller read it. */
async function lockCursor(tx: Database, expected: Cursor | null) {
  const [row] = await tx.select().from(chainCursors).where(eq(chainCursors.name, CURSOR_NAME)).for('update')
  const same = row
    ? expected !== null && row.blockNumber === expected.blockNumber && row.blockHash === expected.blockHash
    : expected === null
  if (!same) throw new CursorMovedError('the market cursor moved under this indexer')
}

async function writeCursor(tx: Database, cursor: Cursor) {
  const values = { ...cursor, updatedAt: new Date() }
  await tx
    .insert(chainCursors)
    .values({ name: CURSOR_NAME, ...values })
    .onConflictDoUpdate({ target: chainCursors.name, set: values })
}

const chunks = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH))

/**
 * `rows` as an INSERT source: one JSON parameter unpacked by jsonb_populate_recordset, rather than a
 * parameter per value (several times faster for thousands of rows, on PostgreSQL and PGlite alike).
 */
function recordset<T extends typeof rentals | typeof marketEvents | typeof credits>(
  table: T,
  rows: readonly T['$inferInsert'][],
) {
  const columns = Object.entries(getTableColumns(table))
  const json = JSON.stringify(
    rows.map((row) =>
      Object.fromEntries(columns.map(([key, column]) => [column.name, row[key as keyof typeof row]])),
    ),
    (_, value) => (typeof value === 'bigint' ? value.toString() : value),
  )
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  )
  return sql`select ${names} from jsonb_populate_recordset(null::${table}, ${json}::jsonb)`
}

const { id: _id, ...rentalColumns } = getTableColumns(rentals)
const upsertSet = Object.fromEntries(
  Object.entries(rentalColumns).map(([key, column]) => [key, sql.raw(`excluded."${column.name}"`)]),
)

const { account: _account, token: _token, ...creditColumns } = getTableColumns(credits)
const creditUpsertSet = Object.fromEntries(
  Object.entries(creditColumns).map(([key, column]) => [key, sql.raw(`excluded."${column.name}"`)]),
)

async function loadRentals(tx: Database, ids: bigint[]): Promise<Map<bigint, RentalRow>> {
  const found = new Map<bigint, RentalRow>()
  for (const batch of chunks(ids)) {
    for (const row of await tx.select().from(rentals).where(inArray(rentals.id, batch)))
      found.set(row.id, row)
  }
  return found
}

async function saveRentals(tx: Database, rows: RentalRow[]) {
  for (const batch of chunks(rows)) {
    await tx
      .insert(rentals)
      .select(recordset(rentals, batch))
      .onConflictDoUpdate({ target: rentals.id, set: upsertSet })
  }
}

async function loadCredits(tx: Database, accounts: string[]): Promise<Map<string, CreditRow>> {
  const found = new Map<string, CreditRow>()
  for (const batch of chunks(accounts)) {
    for (const row of await tx.select().from(credits).where(inArray(credits.account, batch)))
      found.set(creditKey(row.account, row.token), row)
  }
  return found
}

async function saveCredits(tx: Database, rows: CreditRow[]) {
  for (const batch of chunks(rows)) {
    await tx
      .insert(credits)
      .select(recordset(credits, batch))
      .onConflictDoUpdate({ target: [credits.account, credits.token], set: creditUpsertSet })
  }
}

/**
 * Applies one chunk of events, and moves the cursor to `cursor`, in ONE transaction: a failure
 * leaves nothing behind. Events already stored (a replay) are skipped by their primary key, and only
 * newly inserted ones reach the projection, so applying a chunk twice is a no-op.
 * Returns how many events were new.
 */
export async function applyChunk(
  db: Database,
  chunk: { events: readonly MarketEvent[]; cursor: Cursor; expected: Cursor | null },
): Promise<number> {
  const events = [...chunk.events].sort(compareEvents)
  return db.transaction(async (tx) => {
    await lockCursor(tx, chunk.expected)
    const inserted = new Set<string>()
    for (const batch of chunks(events)) {
      const rows = await tx
        .insert(marketEvents)
        .select(recordset(marketEvents, batch.map(toStoredEvent)))
        .onConflictDoNothing()
        .returning({ blockNumber: marketEvents.blockNumber, logIndex: marketEvents.logIndex })
      for (const r of rows) inserted.add(`${r.blockNumber}:${r.logIndex}`)
    }
    const fresh = events.filter((e) => inserted.has(`${e.blockNumber}:${e.logIndex}`))
    const ids = [...new Set(fresh.filter(isRentalEvent).map((e) => e.args.id))]
    const projected = projectRentals(fresh, await loadRentals(tx, ids))
    await saveRentals(
      tx,
      [...projected.values()].filter((row): row is RentalRow => row !== undefined),
    )
    const accounts = [...new Set(fresh.filter(isCreditEvent).map((e) => e.args.account))]
    if (accounts.length > 0)
      await saveCredits(tx, [...projectCredits(fresh, await loadCredits(tx, accounts)).values()])
    await writeCursor(tx, chunk.cursor)
    return fresh.length
  })
}

/** Stored event blocks in (after, upTo], newest first: the hashes a reorg check can compare. */
export function storedEventBlocks(db: Database, after: bigint, upTo: bigint, limit = 1000) {
  return db
    .selectDistinct({ blockNumber: marketEvents.blockNumber, blockHash: marketEvents.blockHash })
    .from(marketEvents)
    .where(and(gt(marketEvents.blockNumber, after), lte(marketEvents.blockNumber, upTo)))
    .orderBy(desc(marketEvents.blockNumber))
    .limit(limit)
}

/**
 * Undoes everything after `to` (a block both chains share; null: back to `deployBlock`) in one
 * transaction: deletes the later events, rebuilds the rentals and the credits they touched from the
 * events that remain, and moves the cursor back. Returns how many events were removed.
 */
export async function rewindTo(
  db: Database,
  rewind: { to: Cursor | null; deployBlock: bigint; expected: Cursor },
): Promise<number> {
  const after = rewind.to?.blockNumber ?? rewind.deployBlock - 1n
  return db.transaction(async (tx) => {
    await lockCursor(tx, rewind.expected)
    const removed = await tx
      .delete(marketEvents)
      .where(gt(marketEvents.blockNumber, after))
      .returning({ rentalId: marketEvents.rentalId, account: marketEvents.account })
    const ids = [...new Set(removed.flatMap((r) => (r.rentalId === null ? [] : [r.rentalId])))]
    for (const batch of chunks(ids)) {
      await tx.delete(rentals).where(inArray(rentals.id, batch))
      const history = await tx
        .select()
        .from(marketEvents)
        .where(inArray(marketEvents.rentalId, batch))
        .orderBy(asc(marketEvents.blockNumber), asc(marketEvents.logIndex))
      const rebuilt = projectRentals(history.map(fromStoredEvent))
      await saveRentals(
        tx,
        [...rebuilt.values()].filter((row): row is RentalRow => row !== undefined),
      )
    }
    const accounts = [...new Set(removed.flatMap((r) => (r.account === null ? [] : [r.account])))]
    for (const batch of chunks(accounts)) {
      await tx.delete(credits).where(inArray(credits.account, batch))
      const history = await tx.select().from(marketEvents).where(inArray(marketEvents.account, batch))
      await saveCredits(tx, [...projectCredits(history.map(fromStoredEvent)).values()])
    }
    if (rewind.to) await writeCursor(tx, rewind.to)
    else await tx.delete(chainCursors).where(eq(chainCursors.name, CURSOR_NAME))
    return removed.length
  })
}
