import { eq } from 'drizzle-orm'
import type { Hex, PrivateKeyAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import type { OpenDatabase } from '@/lib/db/database'
import { offers, providerHealth, providers } from '@/lib/db/schema'
import { getGpuModel } from '@/lib/market/gpu-catalog'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import {
  eoaChain,
  makeOffer,
  signOffer,
  TEST_CHAIN_ID,
  TEST_MARKET,
  TEST_TOKEN,
  USDC,
} from '@/test-support/aggregator/test-offers'
import { json, startHttpServer, type TestServer } from '@/test-support/aggregator/test-servers'
import { openTestStore, STORE_KINDS } from '@/test-support/db/test-stores'
import { createPoller, type PollerDeps } from './poller'

type Mode = 'ok' | 'http500' | 'hang'
const accounts = anvilKeys.slice(1, 9).map((k) => privateKeyToAccount(k as Hex))
const T0 = new Date('2026-11-24T12:00:00Z')

describe.each(STORE_KINDS)('poller on %s', (kind) => {
  let store: OpenDatabase
  let agents: TestServer
  let clock: Date
  const modes = new Map<string, Mode>()
  const served = new Map<string, SignedOfferJson[]>()

  beforeAll(async () => {
    store = await openTestStore(kind)
    agents = await startHttpServer((req, res) => {
      const [, , n, , route] = req.url?.split('/') ?? []
      const account = accounts[Number(n)]
      if (!account) return json(res, 404, {})
      const mode = modes.get(account.address) ?? 'ok'
      if (mode === 'hang') return
      if (mode === 'http500') return json(res, 500, { error: 'down' })
      if (route === 'offers') return json(res, 200, { offers: served.get(account.address) ?? [] })
      json(res, 200, {
        ...{ ok: true, version: '0.1.0', provider: account.address, chainId: TEST_CHAIN_ID },
        ...{ market: TEST_MARKET, gpus: 2, freeGpus: 2, runningJobs: 0, chainReachable: true, startedAt: 0 },
      })
    })
  }, 60_000)
  afterAll(async () => {
    await agents?.close()
    await store?.close()
  })
  beforeEach(async () => {
    for (const table of [offers, providerHealth, providers]) await store.db.delete(table)
    clock = T0
    modes.clear()
    served.clear()
  })

  async function register(
    account: PrivateKeyAccount,
    endpoint = `${agents.url}/p/${accounts.indexOf(account)}`,
  ) {
    await store.db.insert(providers).values({
      address: account.address,
      providerId: accounts.indexOf(account) + 1,
      endpoint,
      stake: 500n * USDC,
      registeredAt: T0,
      updatedBlock: 1n,
    })
  }
  const deps = (overrides: Partial<PollerDeps> = {}): PollerDeps => ({
    db: store.db,
    chain: eoaChain(),
    market: TEST_MARKET,
    chainId: TEST_CHAIN_ID,
    token: TEST_TOKEN,
    tokenDecimals: 6,
    allowLoopback: true,
    now: () => clock,
    timeoutMs: 500,
    ...overrides,
  })
  const providerRow = async (account: PrivateKeyAccount) =>
    (await store.db.select().from(providers).where(eq(providers.address, account.address)))[0]

  it('stores valid offers with USD prices, catalog names, reliability and stake', async () => {
    const [a] = accounts as [PrivateKeyAccount]
    await register(a)
    const offer = makeOffer(a, { gpuCount: 2, pricePerHour: 4_800_000n }, T0.getTime())
    const signed = await signOffer(offer, a)
    served.set(a.address, [signed, await signOffer(makeOffer(a, { gpuCount: 0 }), a)])
    const summary = await createPoller(deps()).poll()
    expect(summary).toMatchObject({ providers: 1, polled: 1, ok: 1, offers: 1, deferred: 0 })
    const [row] = await store.db.select().from(offers)
    const model = getGpuModel('H100-SXM-80GB')
    expect(row).toMatchObject({
      provider: a.address,
      offerId: offer.offerId,
      gpuModelId: model?.id,
      gpuName: model?.name,
      gpuFamily: model?.family,
      pricePerHour: 4_800_000n,
      pricePerHourUsd: 4.8,
      pricePerGpuHourUsd: 2.4,
      cpus: 16,
      memoryMiB: 128 * 1024,
      diskMiB: 500 * 1024,
      networkMbps: 10_000,
      resourcesSignature: signed.resourcesSignature,
      reliability: 1,
      stakeUsd: 500,
      seenAt: T0,
    })
    expect(await providerRow(a)).toMatchObject({
      reliability7d: 1,
      reliability1h: 1,
      offerCount: 1,
      lastError: null,
      dropped: [{ reason: 'bad GPU count', count: 1 }],
    })
  })

  it('keeps a failed provider’s offers, aging, until they expire', async () => {
    const [a] = accounts as [PrivateKeyAccount]
    await register(a)
    const offer = makeOffer(a, { expiresAt: BigInt(T0.getTime() / 1000 + 1800) }, T0.getTime())
    served.set(a.address, [await signOffer(offer, a)])
    const poller = createPoller(deps({ reliability7dEveryMs: 0 }))
    await poller.poll()
    modes.set(a.address, 'http500')
    clock = new Date(T0.getTime() + 600_000)
    expect(await poller.poll()).toMatchObject({ failed: 1 })
    expect(await store.db.select({ seenAt: offers.seenAt }).from(offers)).toEqual([{ seenAt: T0 }])
    expect(await providerRow(a)).toMatchObject({
      lastError: 'offers: HTTP 500',
      lastOkAt: T0,
      reliability1h: 0.5,
      reliability7d: 0.5,
    })
    clock = new Date(T0.getTime() + 1800_000)
    await poller.poll()
    expect(await store.db.select().from(offers)).toEqual([])
  })

  it('never contacts a refused endpoint and removes its offers', async () => {
    const [a] = accounts as [PrivateKeyAccount]
    await register(a, `http://[::ffff:127.0.0.1]:${agents.port}/p/0`)
    const before = agents.hits
    expect(await createPoller(deps()).poll()).toMatchObject({ refused: 1 })
    expect(agents.hits).toBe(before)
    expect(await providerRow(a)).toMatchObject({
      endpointRefused: expect.stringMatching(/^loopback: /),
      reliability1h: 0,
    })
  })

  it('ends within 1.5 × the timeout however many hang, deferring the rest to the next poll', async () => {
    for (const account of accounts) {
      await register(account)
      modes.set(account.address, 'hang')
    }
    const poller = createPoller(deps({ concurrency: 2, timeoutMs: 400 }))
    const first = await poller.poll()
    expect(first).toMatchObject({ providers: 8, polled: 2, failed: 2, deferred: 6 })
    expect(first.durationMs).toBeLessThan(1.5 * 400 + 350) // without the start window: 4 rounds of 400 ms
    const polledFirst = await store.db.select({ provider: providerHealth.provider }).from(providerHealth)
    await poller.poll()
    const all = await store.db.select({ provider: providerHealth.provider }).from(providerHealth)
    const again = all.map((r) => r.provider).filter((p) => polledFirst.some((f) => f.provider === p))
    expect(again).toHaveLength(2) // the second poll went to providers the first had deferred
    const [hung] = await store.db
      .select({ lastError: providers.lastError })
      .from(providers)
      .where(eq(providers.address, polledFirst[0]?.provider ?? ''))
    expect(hung?.lastError).toBe('offers: timeout')
  })

  it('never defers a provider while it has the places to start it', async () => {
    for (const account of accounts) await register(account)
    for (const account of accounts.slice(0, 3)) modes.set(account.address, 'hang')
    // Every provider at once by default: the hung ones time out beside the others, none waits.
    const all = await createPoller(deps({ timeoutMs: 400 })).poll()
    expect(all).toMatchObject({ providers: 8, polled: 8, ok: 5, failed: 3, deferred: 0 })
    // Two places, none hung: the places free up in time for every provider to start.
    modes.clear()
    expect(await createPoller(deps({ concurrency: 2, timeoutMs: 2000 })).poll()).toMatchObject({
      polled: 8,
      ok: 8,
      deferred: 0,
    })
  })

  it('scores reliability over 7 days and an hour, and prunes samples past 8 days', async () => {
    const [a] = accounts as [PrivateKeyAccount]
    await register(a)
    const ago = (hours: number) => new Date(T0.getTime() - hours * 3_600_000)
    await store.db.insert(providerHealth).values([
      { provider: a.address, at: ago(9 * 24), ok: false },
      { provider: a.address, at: ago(3 * 24), ok: false },
      { provider: a.address, at: ago(2 * 24), ok: false },
      { provider: a.address, at: ago(0.5), ok: true },
    ])
    await createPoller(deps()).poll()
    expect(await providerRow(a)).toMatchObject({ reliability7d: 0.5, reliability1h: 1 })
    const left = await store.db.select({ at: providerHealth.at }).from(providerHealth)
    expect(left).toHaveLength(4)
  })
})
