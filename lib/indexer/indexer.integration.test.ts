import { eq } from 'drizzle-orm'
import { RpcRequestError } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorld, type World } from '@/contracts/test/harness'
import { DeclineReason } from '@/lib/chain/rental-status'
import { rentals } from '@/lib/db/schema'
import { STORE_KINDS } from '@/test-support/db/test-stores'
import {
  expectCreditsMirrorChain,
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
import { indexOnce, readCursor } from './indexer'

describe.each(STORE_KINDS)('market indexer on %s', (kind) => {
  let w: World
  let ids: bigint[] = []
  const stores = storeFixture(kind)
  const store = () => stores.fresh()
  beforeAll(async () => {
    w = await createWorld()
    ids = await runLifecycle(w)
  })
  afterAll(async () => {
    await stores.close()
    await w?.stop()
  })

  it('projects every rental exactly as getRental reports it, and a second pass changes nothing', async () => {
    const db = await store()
    const first = await indexOnce(indexerOptions(w, db))
    expect(first).toMatchObject({ lag: 0n, reorg: null })
    expect(first.cursor?.blockNumber).toBe(await w.publicClient.getBlockNumber({ cacheTime: 0 }))
    const events = await expectEventsMatchChain(w, db)
    expect(first.events).toBe(events)
    expect(events).toBe(34)
    await expectRowsMirrorChain(w, db, ids)
    await expectRowsEqualRebuild(db)
    expect(await expectCreditsMirrorChain(w, db)).toBe(2)
    expect(await tableCounts(db)).toMatchObject({ rentals: ids.length - 1, credits: 2 })

    // What the chain does not keep: why a rental was declined, who settled a no-show, the refunds.
    const row = async (id: bigint | undefined) =>
      (
        await db
          .select()
          .from(rentals)
          .where(eq(rentals.id, id ?? -1n))
      )[0]
    const [, , , , cancelledLate, declined, finished, noShow, creditedDecline] = ids
    expect(await row(declined)).toMatchObject({ status: 'declined', declineReason: DeclineReason.GpusBusy })
    expect((await row(declined))?.refunded).toBe((await row(declined))?.deposit)
    const fin = await row(finished)
    expect(fin?.status).toBe('finished')
    expect(fin && fin.deposit + fin.refunded).toBe(2_000_000n) // 2 USDC/h for an hour, split
    expect(fin?.paid).toBe(fin?.deposit)
    expect(await row(noShow)).toMatchObject({ status: 'no-show', settledBy: w.stranger.address })
    expect((await row(noShow))?.compensation).toBe(2_000_000n) // an hour of the price, from the stake
    expect((await row(cancelledLate))?.compensation).toBe(2_000_000n)
    expect(await row(creditedDecline)).toMatchObject({ status: 'declined', compensation: 0n })

    const counts = await tableCounts(db)
    const second = await indexOnce(indexerOptions(w, db))
    expect(second).toMatchObject({ events: 0, chunks: 0, lag: 0n })
    expect(await tableCounts(db)).toEqual(counts)
  })

  it('resumes after a restart from its last block: no gap, no duplicate', async () => {
    const reopenable = await openReopenableStore(kind)
    try {
      let s = await reopenable.open()
      const partial = await indexOnce({ ...indexerOptions(w, s.db), chunkSize: 4, maxChunks: 3 })
      expect(partial.chunks).toBe(3)
      expect(partial.lag).toBeGreaterThan(0n)
      await expectEventsMatchChain(w, s.db, partial.cursor?.blockNumber)
      await s.close()

      const more = await rentOffer(w) // the chain moves on while the app is down
      await w.sendMarket(w.provider, 'start', [more.offerId])
      ids.push(more.id)

      s = await reopenable.open()
      expect(await readCursor(s.db)).toEqual(partial.cursor)
      const rest = await indexOnce({ ...indexerOptions(w, s.db, freshClient(w)), chunkSize: 4 })
      expect(rest.lag).toBe(0n)
      await expectEventsMatchChain(w, s.db)
      await expectRowsMirrorChain(w, s.db, ids)
      await expectRowsEqualRebuild(s.db)
      await expectCreditsMirrorChain(w, s.db)
      await s.close()
    } finally {
      await reopenable.drop()
    }
  })

  it('narrows the block range while the node refuses it as too large', async () => {
    const db = await store()
    const spans: bigint[] = []
    const client = intercept(freshClient(w), {
      getLogs: (args: { fromBlock: bigint; toBlock: bigint }, next) => {
        spans.push(args.toBlock - args.fromBlock + 1n)
        if (args.toBlock - args.fromBlock >= 5n) {
          throw new RpcRequestError({
            body: {},
            error: { code: -32602, message: 'eth_getLogs block range too large' },
            url: w.anvil.rpcUrl,
          })
        }
        return next(args as never)
      },
    })
    const result = await indexOnce({ ...indexerOptions(w, db, client), chunkSize: 2000 })
    expect(result.lag).toBe(0n)
    expect(spans[0]).toBeGreaterThan(5n)
    expect(spans.some((span) => span <= 5n)).toBe(true)
    await expectEventsMatchChain(w, db)
    await expectRowsMirrorChain(w, db, ids)
  })

  it('reads block times from headers, once per block, when the node leaves them out of logs', async () => {
    const db = await store()
    const fetched: bigint[] = []
    const client = intercept(freshClient(w), {
      getLogs: async (args, next) =>
        ((await next(args)) as { blockTimestamp?: bigint }[]).map((log) => ({
          ...log,
          blockTimestamp: undefined,
        })),
      getBlock: (args: { blockNumber: bigint }, next) => {
        fetched.push(args.blockNumber)
        return next(args as never)
      },
    })
    const result = await indexOnce({ ...indexerOptions(w, db, client), chunkSize: 2000 })
    expect(result.chunks).toBe(1)
    const to = result.cursor?.blockNumber
    // `to` twice (before and after the log query, to notice a reorg under the read), the rest once.
    expect(fetched.filter((n) => n === to)).toHaveLength(2)
    const others = fetched.filter((n) => n !== to)
    expect(new Set(others).size).toBe(others.length)
    await expectRowsMirrorChain(w, db, ids)
  })

  it('lets two indexers race on one database without duplicates', async () => {
    const db = await store()
    const options = { ...indexerOptions(w, db), chunkSize: 6 }
    await Promise.all([indexOnce(options), indexOnce({ ...options, client: freshClient(w) })])
    expect((await indexOnce(options)).lag).toBe(0n)
    await expectEventsMatchChain(w, db)
    await expectRowsMirrorChain(w, db, ids)
    await expectRowsEqualRebuild(db)
  })
})
