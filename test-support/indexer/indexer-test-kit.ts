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
  getAbiItem,
  type Hex,
  http,
  type PublicClient,
} from 'viem'
import { expect } from 'vitest'
import type { World } from '@/contracts/test/harness'
import { WeftMarket } from '@/lib/chain/generated'
import { RentalStatus } from '@/lib/chain/rental-status'
import { type Database, type DatabaseKind, type OpenDatabase, openDatabase } from '@/lib/db/database'
import { credits, marketEvents, rentals } from '@/lib/db/schema'
import { creditBalance, projectCredits } from '@/lib/indexer/credit-projection'
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
      await db.execute(sql`TRUNCATE rentals, market_events, chain_cursors, credits`)
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

const STATUS_NAMES: Record<number, string> = {
  [RentalStatus.Pending]: 'pending',
  [RentalStatus.Running]: 'running',
  [RentalStatus.Stopped]: 'stopped',
  [RentalStatus.Ended]: 'ended',
  [RentalStatus.Cancelled]: 'cancelled',
  [RentalStatus.Declined]: 'declined',
  [RentalStatus.Finished]: 'finished',
  [RentalStatus.NoShow]: 'no-show',
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
    const { renter, provider, token, pricePerHour, duration, paidSeconds, deposit, paid } = v
    const expected = { status: STATUS_NAMES[v.status], renter, provider, token, pricePerHour, duration }
    expect(row, `rental ${id}`).toMatchObject({ ...expected, paidSeconds, deposit, paid })
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

/** The tables equal a rebuild from the stored events (incremental == replay). */
export async function expectRowsEqualRebuild(db: Database) {
  const events = (await db.select().from(marketEvents)).map(fromStoredEvent)
  const rebuilt = [...projectRentals(events).values()].filter((r) => r !== undefined)
  const table = await db.select().from(rentals)
  const byId = (x: { id: bigint }, y: { id: bigint }) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
  expect(table.sort(byId)).toEqual(rebuilt.sort(byId))
  const byKey = (x: { account: string; token: string }, y: { account: string; token: string }) =>
    `${x.account}:${x.token}`.localeCompare(`${y.account}:${y.token}`)
  expect((await db.select().from(credits)).sort(byKey)).toEqual(
    [...projectCredits(events).values()].sort(byKey),
  )
}

/**
 * Every account the chain ever credited has, per token, exactly the `credit(account, token)` the
 * chain reports left to withdraw; returns how many (account, token) pairs there are.
 */
export async function expectCreditsMirrorChain(w: World, db: Database) {
  const logs = await w.publicClient.getLogs({
    address: w.market,
    event: getAbiItem({ abi: WeftMarket.abi, name: 'Credited' }),
    fromBlock: BigInt(w.deployment.deployBlock),
    strict: true,
  })
  const pairs = new Map(logs.map((l) => [`${l.args.account}:${l.args.token}`, l.args]))
  const rows = new Map((await db.select().from(credits)).map((r) => [`${r.account}:${r.token}`, r]))
  expect([...rows.keys()].sort()).toEqual([...pairs.keys()].sort())
  for (const [key, { account, token }] of pairs) {
    const onChain = await w.publicClient.readContract({
      address: w.market,
      abi: WeftMarket.abi,
      functionName: 'credit',
      args: [account, token],
    })
    const row = rows.get(key)
    expect(row && creditBalance(row), `credit of ${key}`).toBe(onChain)
  }
  return pairs.size
}

export const tableCounts = async (db: Database) => ({
  events: (await db.select({ n: count() }).from(marketEvents))[0]?.n,
  rentals: (await db.select({ n: count() }).from(rentals))[0]?.n,
  credits: (await db.select({ n: count() }).from(credits))[0]?.n,
})
