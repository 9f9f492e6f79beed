import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorld, HOUR, type World } from '@/contracts/test/harness'
import { DeclineReason } from '@/lib/chain/rental-status'
import type { Database } from '@/lib/db/database'
import { credits, marketEvents, rentals } from '@/lib/db/schema'
import { STORE_KINDS } from '@/test-support/db/test-stores'
import {
  expectCreditsMirrorChain,
  expectEventsMatchChain,
  expectRowsEqualRebuild,
  expectRowsMirrorChain,
  freshClient,
  indexerOptions,
  intercept,
  storeFixture,
} from '@/test-support/indexer/indexer-test-kit'
import { deployBlacklistToken, rentOffer } from '@/test-support/indexer/market-lifecycle'
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
  const rent = async (token?: `0x${string}`) => {
    const rental = await rentOffer(w, HOUR, token ? { token } : {})
    ids.push(rental.id)
    return rental
  }
  const mine = (blocks: number) => w.testClient.mine({ blocks })

  beforeAll(async () => {
    w = await createWorld()
  })
  afterAll(async () => {
    await stores.close()
    await w?.stop()
  })

  it('drops the abandoned branch and rebuilds the rentals and credits it touched from the events that remain', async () => {
    const db = await store()
    const blk = await deployBlacklistToken(w)
    const shared = await rent()
    const sharedBlk = await rent(blk.token)
    await w.sendMarket(w.provider, 'start', [shared.offerId])
    await blk.setBlacklisted(w.renter, true)
    // The refund is credited before the fork, in the last block with market events both branches share.
    const { blockNumber: forkBlock } = await w.sendMarket(w.renter, 'cancel', [sharedBlk.id])
    await blk.setBlacklisted(w.renter, false)
    await indexOnce(indexerOptions(w, db))
    const creditedBefore = await db.select().from(credits)
    expect(creditedBefore).toHaveLength(1)

    const snap = await w.snapshot()
    const lost = await rent() // only on the branch about to be abandoned
    await w.sendMarket(w.provider, 'start', [lost.offerId])
    await w.sendMarket(w.renter, 'extend', [shared.id, 600]) // changes a rental from before the fork
    await w.travel(60)
    await w.sendMarket(w.provider, 'claimEarned', [[shared.offerId]])
    await w.sendMarket(w.renter, 'withdraw', [blk.token]) // a credit taken out, on the lost branch
    const lostBlk = await rent(blk.token)
    await blk.setBlacklisted(w.renter, true)
    await w.sendMarket(w.provider, 'decline', [lostBlk.offerId, DeclineReason.GpusBusy]) // credited again
    await blk.setBlacklisted(w.renter, false)
    const old = await indexOnce(indexerOptions(w, db))
    expect((await rowOf(db, shared.id))?.duration).toBe(HOUR + 600)
    expect(await rowOf(db, lost.id)).toBeDefined()
    expect((await db.select().from(credits))[0]?.withdrawn).toBeGreaterThan(0n)

    await w.revert(snap) // same block numbers from here on, different blocks
    const kept = await rent()
    await w.sendMarket(w.renter, 'cancel', [kept.id])
    await w.sendMarket(w.renter, 'stop', [shared.id])
    await mine(4)
    const result = await indexOnce(indexerOptions(w, db))
    // Rented, Started, Extended, Claimed, Withdrawn, Rented, Declined, Credited
    expect(result.reorg).toMatchObject({ from: old.cursor?.blockNumber, removed: 8 })
    expect(result.reorg?.to).toBe(forkBlock)
    expect(await rowOf(db, lost.id)).toBeUndefined()
    expect(await eventsOf(db, lost.id)).toEqual([])
    // The extension and the claim are gone with their branch; the stop from the new one applies.
    expect(await rowOf(db, shared.id)).toMatchObject({ status: 'stopped', paidSeconds: 0, paid: 0n })
    expect((await rowOf(db, shared.id))?.duration).toBeLessThan(HOUR)
    // The withdrawal and the second credit went with their branch: the first credit is whole again.
    expect(await db.select().from(credits)).toEqual(creditedBefore)
    await expectEventsMatchChain(w, db)
    await expectRowsMirrorChain(w, db, ids)
    await expectRowsEqualRebuild(db)
    await expectCreditsMirrorChain(w, db)
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
    expect(await rowOf(db, lost.id)).toBeUndefined()
    expect(await rowOf(db, kept.id)).toMatchObject({ status: 'pending' })
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
    expect(await eventsOf(db, lost.id)).toEqual([])
    expect((await indexOnce(indexerOptions(w, db))).lag).toBe(0n)
    await expectEventsMatchChain(w, db)
    await expectRowsMirrorChain(w, db, ids)
  })
})
