import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import { type OpenDatabase, openDatabase } from '@/lib/db/database'
import { providers } from '@/lib/db/schema'
import { eoaChain, TEST_CHAIN_ID, TEST_MARKET, TEST_TOKEN, USDC } from '@/test-support/aggregator/test-offers'
import { json, startHttpServer, type TestServer } from '@/test-support/aggregator/test-servers'
import { openTestStore, TEST_POSTGRES_URL } from '@/test-support/db/test-stores'
import { createPollLease } from './poll-lease'
import { runAggregator } from './run-aggregator'

/** Two app instances: two pools on one fresh PostgreSQL database. */
async function twoInstances() {
  const name = `weft_test_${randomBytes(6).toString('hex')}`
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => undefined })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  const a = await openDatabase({ url: url.toString(), maxConnections: 3 })
  const b = await openDatabase({ url: url.toString(), maxConnections: 3 })
  return {
    a,
    b,
    admin,
    async close() {
      await a.close()
      await b.close()
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end({ timeout: 5 })
    },
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('poll lease on PostgreSQL', () => {
  let world: Awaited<ReturnType<typeof twoInstances>>
  let agent: TestServer
  beforeAll(async () => {
    world = await twoInstances()
    agent = await startHttpServer((_req, res) => json(res, 200, { offers: [] }))
  })
  afterAll(async () => {
    await agent?.close()
    await world?.close()
  })

  it('is held by one instance at a time, and passes on when released', async () => {
    const a = createPollLease(world.a)
    const b = createPollLease(world.b)
    expect(await a.acquire()).toBe(true)
    expect(await b.acquire()).toBe(false)
    expect(await a.acquire()).toBe(true)
    await a.release()
    expect(await b.acquire()).toBe(true)
    expect(await a.acquire()).toBe(false)
    await b.release()
  }, 20_000)

  it('passes on when the holder’s connection dies, and the holder notices', async () => {
    const a = createPollLease(world.a)
    const b = createPollLease(world.b)
    expect(await a.acquire()).toBe(true)
    await world.admin`select pg_terminate_backend(pid) from pg_locks
      where locktype = 'advisory' and classid = ${0x57656674} and objid = 1`
    // Termination is asynchronous: the lock goes when the backend has exited.
    for (let i = 0; i < 50; i++) {
      const [held] = await world.admin`select count(*)::int as n from pg_locks
        where locktype = 'advisory' and classid = ${0x57656674} and objid = 1`
      if (held?.n === 0) break
      await wait(20)
    }
    expect(await b.acquire()).toBe(true)
    expect(await a.acquire()).toBe(false)
    await b.release()
  })

  it('lets only one of two running aggregators poll, and the other take over when it stops', async () => {
    const provider = privateKeyToAccount(anvilKeys[1] ?? '0x')
    await world.a.db.insert(providers).values({
      address: provider.address,
      providerId: 1,
      endpoint: agent.url,
      stake: 100n * USDC,
      registeredAt: new Date(),
      updatedBlock: 1n,
    })
    const polls = { a: 0, b: 0 }
    const errors: string[] = []
    const start = (store: OpenDatabase, key: 'a' | 'b') =>
      runAggregator({
        ...store,
        chain: eoaChain({ down: true }), // the registry sync fails; polling known providers goes on
        market: TEST_MARKET,
        chainId: TEST_CHAIN_ID,
        token: TEST_TOKEN,
        tokenDecimals: 6,
        deployBlock: 0n,
        allowLoopback: true,
        timeoutMs: 200,
        intervalMs: 50,
        onPoll: () => polls[key]++,
        onError: (_error, stage) => errors.push(stage),
      })
    const a = start(world.a, 'a')
    await wait(100)
    const b = start(world.b, 'b')
    // Long enough for b to have polled had it not been locked out, and for a to poll a few times.
    await wait(600)
    for (const deadline = Date.now() + 10_000; polls.a <= 2 && Date.now() < deadline; ) await wait(50)
    expect(polls.a).toBeGreaterThan(2)
    expect(polls.b).toBe(0)
    expect(new Set(errors)).toEqual(new Set(['registry']))
    await a.stop()
    const stoppedAt = polls.a
    // The other takes over within a few intervals; a loaded machine may need longer, never forever.
    for (const deadline = Date.now() + 10_000; polls.b === 0 && Date.now() < deadline; ) await wait(50)
    await b.stop()
    expect(polls.a).toBe(stoppedAt)
    expect(polls.b).toBeGreaterThan(0)
  }, 30_000)
})

describe('poll lease on PGlite', () => {
  it('keeps two loops in one process from polling one store at once', async () => {
    const store = await openTestStore('pglite')
    try {
      const a = createPollLease(store)
      const b = createPollLease(store)
      expect(await a.acquire()).toBe(true)
      expect(await b.acquire()).toBe(false)
      await a.release()
      expect(await b.acquire()).toBe(true)
    } finally {
      await store.close()
    }
  }, 60_000)
})
