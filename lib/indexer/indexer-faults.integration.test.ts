import { sql } from 'drizzle-orm'
import type { PublicClient } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorld, HOUR, type World } from '@/contracts/test/harness'
import { freePort } from '@/lib/chain/anvil'
import { STORE_KINDS } from '@/test-support/db/test-stores'
import {
  expectEventsMatchChain,
  expectRowsEqualRebuild,
  expectRowsMirrorChain,
  freshClient,
  indexerOptions,
  intercept,
  openReopenableStore,
  storeFixture,
  tableCounts,
} from '@/test-support/indexer/indexer-test-kit'
import { rentOffer, runLifecycle } from '@/test-support/indexer/market-lifecycle'
import { indexOnce, readCursor, runIndexer } from './indexer'

describe.each(STORE_KINDS)('market indexer under faults on %s', (kind) => {
  let w: World
  let ids: bigint[] = []
  let deadRpc: string
  const stores = storeFixture(kind)
  const store = () => stores.fresh()
  beforeAll(async () => {
    w = await createWorld()
    ids = await runLifecycle(w)
    deadRpc = `http://127.0.0.1:${await freePort()}` // nothing listens there
  })
  afterAll(async () => {
    await stores.close()
    await w?.stop()
  })

  it('RPC down: fails without moving the cursor, then catches up when the RPC is back', async () => {
    const db = await store()
    await indexOnce({ ...indexerOptions(w, db), chunkSize: 5, maxChunks: 2 })
    const before = await readCursor(db)
    const counts = await tableCounts(db)
    await expect(indexOnce(indexerOptions(w, db, freshClient(w, deadRpc)))).rejects.toThrow()
    expect(await readCursor(db)).toEqual(before)
    expect(await tableCounts(db)).toEqual(counts)

    const result = await indexOnce(indexerOptions(w, db))
    expect(result.lag).toBe(0n)
    await expectEventsMatchChain(w, db)
    await expectRowsMirrorChain(w, db, ids)
  })

  it('the running loop backs off while the RPC is down and catches up once it returns', async () => {
    const db = await store()
    const live = freshClient(w)
    const clients = { current: freshClient(w, deadRpc) }
    const client = new Proxy({} as PublicClient, { get: (_, prop) => Reflect.get(clients.current, prop) })
    const abort = new AbortController()
    const errors: number[] = []
    const indexer = runIndexer({
      ...indexerOptions(w, db, client),
      intervalMs: 20,
      maxBackoffMs: 100,
      signal: abort.signal,
      onError: (_, failures) => errors.push(failures),
    })
    try {
      await expect.poll(() => errors.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3)
      expect(errors.slice(0, 3)).toEqual([1, 2, 3])
      expect(indexer.health()).toMatchObject({ cursor: null, lastSuccessAt: null })
      expect(await readCursor(db)).toBeNull()

      clients.current = live
      await expect.poll(() => indexer.health().lag, { timeout: 30_000 }).toBe(0n)
      expect(indexer.health()).toMatchObject({ failures: 0, lastError: null })
      const extra = await w.rent(await w.makeOffer(), HOUR) // and it keeps following
      ids.push(extra.id)
      const head = await w.publicClient.getBlockNumber({ cacheTime: 0 })
      await expect.poll(() => indexer.health().cursor, { timeout: 30_000 }).toBe(head)
      await expectEventsMatchChain(w, db)
      await expectRowsMirrorChain(w, db, ids)
    } finally {
      abort.abort()
      await indexer.done
    }
  })

  it('DB closed mid-run: the error surfaces, committed chunks stay whole, the rest is re-applied', async () => {
    const reopenable = await openReopenableStore(kind)
    try {
      let s = await reopenable.open()
      let calls = 0
      const client = intercept(freshClient(w), {
        getLogs: async (args, next) => {
          calls += 1
          if (calls === 3) await s.close() // the database goes away between chunks 2 and 3
          return next(args)
        },
      })
      await expect(indexOnce({ ...indexerOptions(w, s.db, client), chunkSize: 4 })).rejects.toThrow()

      s = await reopenable.open()
      const cursor = await readCursor(s.db)
      expect(cursor?.blockNumber).toBe(BigInt(w.deployment.deployBlock) + 7n) // two chunks of 4
      await expectEventsMatchChain(w, s.db, cursor?.blockNumber)
      await expectRowsEqualRebuild(s.db)

      expect((await indexOnce(indexerOptions(w, s.db))).lag).toBe(0n)
      await expectEventsMatchChain(w, s.db)
      await expectRowsMirrorChain(w, s.db, ids)
      await s.close()
    } finally {
      await reopenable.drop()
    }
  })

  it('DB failing inside a chunk rolls the whole chunk back; the next pass applies it', async () => {
    const db = await store()
    await indexOnce(indexerOptions(w, db))
    const before = await readCursor(db)
    const counts = await tableCounts(db)
    const { id, offerId } = await rentOffer(w)
    await w.sendMarket(w.provider, 'start', [offerId])
    ids.push(id)

    // The cursor is written last in the chunk's transaction: failing it fails after the events and
    // rentals were written, so only a rollback keeps them out.
    await db.execute(
      sql.raw(`CREATE FUNCTION weft_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected failure'; END $$`),
    )
    await db.execute(
      sql.raw(`CREATE TRIGGER weft_test_fail BEFORE INSERT OR UPDATE ON chain_cursors
        FOR EACH ROW EXECUTE FUNCTION weft_test_fail()`),
    )
    await expect(indexOnce(indexerOptions(w, db))).rejects.toThrow(/injected failure|Failed query/)
    expect(await readCursor(db)).toEqual(before)
    expect(await tableCounts(db)).toEqual(counts)

    await db.execute(sql.raw('DROP TRIGGER weft_test_fail ON chain_cursors'))
    await db.execute(sql.raw('DROP FUNCTION weft_test_fail()'))
    expect((await indexOnce(indexerOptions(w, db))).events).toBe(2)
    await expectEventsMatchChain(w, db)
    await expectRowsMirrorChain(w, db, ids)
    await expectRowsEqualRebuild(db)
  })
})
