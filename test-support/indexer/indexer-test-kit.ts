import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { asc, count, sql } from 'drizzle-orm'
import postgres from 'postgres'
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  type Hex,
  http,
  type PublicClient,
} from 'viem'
import { expect } from 'vitest'
import { HOUR, type World } from '@/contracts/test/harness'
import { WeftMarket } from '@/lib/chain/generated'
import { RentalStatus } from '@/lib/chain/rental-status'
import { type Database, type DatabaseKind, type OpenDatabase, openDatabase } from '@/lib/db/database'
import { marketEvents, rentals } from '@/lib/db/schema'
import { fromStoredEvent, marketEventAbi } from '@/lib/indexer/events'
import type { IndexerOptions } from '@/lib/indexer/indexer'
import { projectRentals } from '@/lib/indexer/projection'
import { openTestStore, TEST_POSTGRES_URL } from '@/test-support/db/test-stores'

/** One test store per describe block (PGlite opens slowly), emptied by each `fresh()`. */
export function storeFixture(kind: DatabaseKind) {
  let store: Promise<OpenDatabase> | undefined
  return {
    async fresh(): Promise<Database> {
      store ??= openTestStore(kind)
      const { db } = await store
      await db.execute(sql`TRUNCATE rentals, market_events, chain_cursors`)
      return db
    },
    close: async () => (await store)?.close(),
  }
}

/** A store that can be closed and opened again on the same data (a database restart). */
export async function openReopenableStore(kind: DatabaseKind) {
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'weft-indexer-'))
    return { open: () => openDatabase({ dataDir: dir }), drop: async () => rmSync(dir, { recursive: true }) }
  }
  const name = `weft_test_${randomBytes(6).toString('hex')}`
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => undefined })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  return {
    open: () => openDatabase({ url: url.toString(), maxConnections: 5 }),
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end({ timeout: 5 })
    },
  }
}

/** A fresh viem client on the world's anvil (a new indexer instance shares nothing with the old). */
export const freshClient = (w: World, url = w.anvil.rpcUrl, retryCount = 0) =>
  createPublicClient({ chain: w.chain, transport: http(url, { retryCount }) }) as PublicClient

export const indexerOptions = (w: World, db: Database, client?: PublicClient): IndexerOptions => ({
  db,
  client: client ?? freshClient(w),
  market: w.market,
  deployBlock: BigInt(w.deployment.deployBlock),
})

/** `client` with some of its actions replaced; `next` is the original action. */
export function intercept(
  client: PublicClient,
  overrides: Partial<
    Record<'getLogs' | 'getBlock', (args: never, next: (args: never) => Promise<never>) => unknown>
  >,
): PublicClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const original = Reflect.get(target, prop, receiver)
      const override = overrides[prop as keyof typeof overrides]
      return override ? (args: never) => override(args, original.bind(target)) : original
    },
  })
}

/** Drives every kind of rental event on chain; returns the ids touched (the last one an offer cancelled). */
export async function runLifecycle(w: World): Promise<bigint[]> {
  // Each transaction's block time is pinned one second after the last block, so a busy machine's
  // wall clock cannot move between a call's simulation and its mining (start windows, accrual).
  const pinned = async (account: World['renter'], fn: string, args: unknown[]) => {
    await w.setNextTimestamp((await w.now()) + 1)
    return w.sendMarket(account, fn, args)
  }
  const renter = (fn: string, args: unknown[]) => pinned(w.renter, fn, args)
  const provider = (fn: string, args: unknown[]) => pinned(w.provider, fn, args)
  const rent = async (duration: number) => (await w.rent(await w.makeOffer(), duration)).id
  const [a, b, c, d, e] = [
    await rent(HOUR),
    await rent(HOUR),
    await rent(60),
    await rent(HOUR),
    await rent(HOUR),
  ]
  for (const id of [a, b, c]) await provider('start', [id])
  await renter('extend', [d, 600]) // while pending
  await renter('cancel', [d]) // inside the start window: no compensation
  await renter('extend', [a, 600]) // while running
  await w.travel(120)
  await provider('claim', [[a, c]]) // a partly paid, c paid in full: ended
  await renter('stop', [b])
  await provider('claim', [[b]]) // stopped, settles, stays stopped
  await w.travel(900)
  await renter('cancel', [e]) // start window passed: compensated from the stake
  await provider('claim', [[a]])
  const offer = await w.makeOffer()
  await provider('cancelOffer', [offer.offerId])
  const f = (await w.publicClient.readContract({
    address: w.market,
    abi: WeftMarket.abi,
    functionName: 'rentalId',
    args: [offer.provider, offer.offerId],
  })) as bigint
  return [a, b, c, d, e, f]
}

const STATUS_NAMES: Record<number, string> = {
  [RentalStatus.Pending]: 'pending',
  [RentalStatus.Running]: 'running',
  [RentalStatus.Stopped]: 'stopped',
  [RentalStatus.Ended]: 'ended',
  [RentalStatus.Cancelled]: 'cancelled',
}
const date = (seconds: number) => (seconds === 0 ? null : new Date(seconds * 1000))

/** getRental, or null for an id the chain does not know (e.g. rented on a branch a reorg dropped). */
async function onChain(w: World, id: bigint) {
  try {
    return await w.rental(id)
  } catch (error) {
    const revert = error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError)
    if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName === 'UnknownRental')
      return null
    throw error
  }
}

/**
 * Every rental's row equals what `getRental` says on chain; offers cancelled unfilled, and rentals
 * the chain does not know, have no row; and there are no other rows.
 */
export async function expectRowsMirrorChain(w: World, db: Database, ids: readonly bigint[]) {
  const rows = new Map((await db.select().from(rentals)).map((r) => [r.id, r]))
  expect(
    [...rows.keys()].filter((id) => !ids.includes(id)),
    'rows of other rentals',
  ).toEqual([])
  for (const id of ids) {
    const v = await onChain(w, id)
    if (v === null || v.status === RentalStatus.OfferCancelled) {
      expect(rows.has(id), `rental ${id} has no row`).toBe(false)
      continue
    }
    const row = rows.get(id)
    const { renter, provider, token, pricePerHour, duration, maxDuration, paidSeconds, deposit, paid } = v
    const expected = { status: STATUS_NAMES[v.status], renter, provider, token, pricePerHour, duration }
    expect(row, `rental ${id}`).toMatchObject({ ...expected, maxDuration, paidSeconds, deposit, paid })
    if (v.createdAt !== 0) expect(row?.createdAt).toEqual(date(v.createdAt))
    expect([row?.startedAt ?? null, row?.endsAt ?? null]).toEqual([date(v.startedAt), date(v.endsAt)])
  }
}

/** The stored events are exactly the chain's rental events since deployment: no gap, no extra. */
export async function expectEventsMatchChain(w: World, db: Database, upTo?: bigint) {
  const logs = await w.publicClient.getLogs({
    address: w.market,
    events: marketEventAbi,
    fromBlock: BigInt(w.deployment.deployBlock),
    toBlock: upTo ?? 'latest',
  })
  const key = (n: bigint, i: number, h: string) => `${n}:${i}:${h}`
  const stored = await db
    .select()
    .from(marketEvents)
    .orderBy(asc(marketEvents.blockNumber), asc(marketEvents.logIndex))
  expect(stored.map((e) => key(e.blockNumber, e.logIndex, e.blockHash))).toEqual(
    logs.map((l) => key(l.blockNumber, l.logIndex, l.blockHash as Hex)),
  )
  return stored.length
}

/** The table equals a rebuild from the stored events (incremental == replay). */
export async function expectRowsEqualRebuild(db: Database) {
  const events = (await db.select().from(marketEvents)).map(fromStoredEvent)
  const rebuilt = [...projectRentals(events).values()].filter((r) => r !== undefined)
  const table = await db.select().from(rentals)
  const byId = (x: { id: bigint }, y: { id: bigint }) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
  expect(table.sort(byId)).toEqual(rebuilt.sort(byId))
}

export const tableCounts = async (db: Database) => ({
  events: (await db.select({ n: count() }).from(marketEvents))[0]?.n,
  rentals: (await db.select({ n: count() }).from(rentals))[0]?.n,
})
