import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorld, HOUR, type World } from '@/contracts/test/harness'
import type { Database } from '@/lib/db/database'
import { marketEvents, rentals } from '@/lib/db/schema'
import { STORE_KINDS } from '@/test-support/db/test-stores'
import {
  expectEventsMatchChain,
  expectRowsEqualRebuild,
  expectRowsMirrorChain,
  freshClient,
  indexerOptions,
  intercept,
  storeFixture,
} from '@/test-support/indexer/indexer-test-kit'
import { indexOnce, ReorgTooDeepError } from './indexer'

const rowOf = async (db: Database, id: bigint) =>
  (await db.select().from(rentals).where(eq(rentals.id, id)))[0]
const eventsOf = async (db: Database, id: bigint) =>
  db.select().from(marketEvents).where(eq(marketEvents.rentalId, id))

describe.each(STORE_KINDS)('market indexer across reorgs on %s', (kind) => {
  let w: World
  const ids: bigint[] = []
  const stores = storeFixture(kind)
  const store = () => stores.fresh()
  const rent = async () => {
    const { id } = await w.rent(await w.makeOffer(), HOUR)
    ids.push(id)
    return id
  }
  const mine = (blocks: number) => w.testClient.mine({ blocks })

  beforeAll(async () => {
    w = await createWorld()
  })
  afterAll(async () => {
    await stores.close()
    await w?.stop()
  })

  it('drops the abandoned branch and rebuilds the rentals it touched from the events that remain', async () => {
    const db = await store()
    const shared = await rent()
    await w.sendMarket(w.provider, 'start', [shared])
    await indexOnce(indexerOptions(w, db))
    const forkBlock = await w.publicClient.getBlockNumber({ cacheTime: 0 })

    const snap = await w.snapshot()
    const lost = await rent() // only on the branch about to be abandoned
    await w.sendMarket(w.provider, 'start', [lost])
    await w.sendMarket(w.renter, 'extend', [shared, 600]) // changes a rental from before the fork
    await w.travel(60)
    await w.sendMarket(w.provider, 'claim', [[shared]])
    const old = await indexOnce(indexerOptions(w, db))
    expect((await rowOf(db, shared))?.duration).toBe(HOUR + 600)
    expect(await rowOf(db, lost)).toBeDefined()

    await w.revert(snap) // same block numbers from here on, different blocks
    const kept = await rent()
    await w.sendMarket(w.renter, 'cancel', [kept])
    await w.sendMarket(w.renter, 'stop', [shared])
    await mine(4)
    const result = await indexOnce(indexerOptions(w, db))
    expect(result.reorg).toMatchObject({ from: old.cursor?.blockNumber, removed: 4 })
    expect(result.reorg?.to).toBe(forkBlock) // the last stored block both branches share
    expect(await rowOf(db, lost)).toBeUndefined()
    expect(await eventsOf(db, lost)).toEqual([])
    // The extension and the claim are gone with their branch; the stop from the new one applies.
    expect(await rowOf(db, shared)).toMatchObject({ status: 'stopped', paidSeconds: 0, paid: 0n })
    expect((await rowOf(db, shared))?.duration).toBeLessThan(HOUR)
    await expectEventsMatchChain(w, db)
    await expectRowsMirrorChain(w, db, ids)
    await expectRowsEqualRebuild(db)
  })

  it('follows a reorg onto a shorter chain', async () => {
    const db = await store()
    await indexOnce(indexerOptions(w, db))
    const snap = await w.snapshot()
    const lost = await rent()
    await mine(8)
    await indexOnce(indexerOptions(w, db))
    await w.revert(snap)
    const kept = await rent() // one block where there were nine
    const result = await indexOnce(indexerOptions(w, db))
    expect(result.reorg?.removed).toBe(1)
    expect(await rowOf(db, lost)).toBeUndefined()
    expect(await rowOf(db, kept)).toMatchObject({ status: 'pending' })
    await expectEventsMatchChain(w, db)
    await expectRowsMirrorChain(w, db, ids)
  })

  it('refuses a reorg deeper than it follows, and recovers with a deeper window', async () => {
    const db = await store()
    await indexOnce(indexerOptions(w, db))
    const snap = await w.snapshot()
    await rent()
    await mine(5)
    await indexOnce(indexerOptions(w, db))
    await w.revert(snap)
    await rent()
    await mine(6)
    await expect(indexOnce({ ...indexerOptions(w, db), maxReorgDepth: 2 })).rejects.toThrow(ReorgTooDeepError)
    expect((await indexOnce(indexerOptions(w, db))).reorg?.removed).toBe(1)
    await expectEventsMatchChain(w, db)
    await expectRowsMirrorChain(w, db, ids)
  })

  it('notices a reorg that lands while a chunk is being read, and stores nothing from the lost branch', async () => {
    const db = await store()
    await indexOnce(indexerOptions(w, db))
    const snap = await w.snapshot()
    const lost = await rent()
    let reorged = false
    const client = intercept(freshClient(w), {
      getLogs: async (args, next) => {
        const logs = await next(args)
        if (!reorged) {
          reorged = true
          await w.revert(snap)
          ids.push((await w.rent(await w.makeOffer(), HOUR)).id)
          await mine(3)
        }
        return logs
      },
    })
    const during = await indexOnce(indexerOptions(w, db, client))
    expect(during.chunks).toBe(0)
    expect(await eventsOf(db, lost)).toEqual([])
    expect((await indexOnce(indexerOptions(w, db))).lag).toBe(0n)
    await expectEventsMatchChain(w, db)
    await expectRowsMirrorChain(w, db, ids)
  })
})
