import { readFileSync } from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessBits } from '@/lib/chain/offer-access'
import type { OpenDatabase } from '@/lib/db/database'
import { offers, providerHealth, providers } from '@/lib/db/schema'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import { type AggregatorWorld, createAggregatorWorld } from '@/test-support/aggregator/aggregator-world'
import { openTestStore, STORE_KINDS } from '@/test-support/db/test-stores'
import { createPoller, type PollSummary } from './poller'
import { syncRegistry } from './registry'

const TIMEOUT_MS = 1500
const trailer = readFileSync(path.join(import.meta.dirname, 'fixtures/search-offers-with-trailer.txt'))

let world: AggregatorWorld
beforeAll(async () => {
  world = await createAggregatorWorld({ garbageBody: trailer })
}, 120_000)
afterAll(() => world?.close())

describe.each(STORE_KINDS)('one poll on %s', (kind) => {
  let store: OpenDatabase
  let summary: PollSummary
  let hitsBefore: { slow: number; mapped: number }
  const row = async (address: Address) =>
    (await store.db.select().from(providers).where(eq(providers.address, address)))[0]

  beforeAll(async () => {
    store = await openTestStore(kind)
    hitsBefore = { slow: world.slow.hits, mapped: world.mapped.hits }
    await syncRegistry({ ...world.deps, db: store.db })
    summary = await createPoller({ ...world.deps, db: store.db, timeoutMs: TIMEOUT_MS }).poll()
  }, 120_000)
  afterAll(() => store?.close())

  it('reads every registered provider from the chain, refusing the private endpoints at once', async () => {
    expect(summary.providers).toBe(7)
    expect(await row(world.addresses.private)).toMatchObject({
      endpoint: 'http://10.0.0.1:8700',
      endpointRefused: expect.stringMatching(/^private: /),
    })
    expect((await row(world.addresses.mapped))?.endpointRefused).toMatch(/^loopback: .*ipv4-mapped/)
    expect((await row(world.addresses.agentA))?.endpointRefused).toBeNull()
  })

  it('stores the real agents’ offers with USD prices and full reliability', async () => {
    for (const [address, served] of [
      [world.addresses.agentA, await world.agentOffers(0)],
      [world.addresses.agentB, await world.agentOffers(1)],
    ] as [Address, SignedOfferJson[]][]) {
      const stored = await store.db.select().from(offers).where(eq(offers.provider, address))
      expect(stored.map((o) => o.offerId).sort()).toEqual(served.map((o) => o.offer.offerId).sort())
      for (const o of stored) {
        const { resources, resourcesSignature } = served.find((s) => s.offer.offerId === o.offerId) ?? {}
        if (!resources) throw new Error(`offer ${o.offerId} was stored but not served`)
        expect(resources.cpus).toBeGreaterThan(0)
        // No sshPort in these agents' configs: the browser's ways in only, and the runner chosen.
        expect(resources.access).toEqual(['terminal', 'ports', 'files'])
        expect(['container', 'sandbox', 'process']).toContain(resources.isolation)
        expect(o).toMatchObject({ ...resources, access: accessBits(resources.access), resourcesSignature })
        const perGpu = o.gpuModelId === 'H100-SXM-80GB' ? 2.4 : 0.36
        expect(o.pricePerGpuHourUsd).toBeCloseTo(perGpu, 9)
        expect(o.pricePerHourUsd).toBeCloseTo(perGpu * o.gpuCount, 9)
        expect(o.pricePerHour).toBe(BigInt(Math.round(perGpu * 1e6)) * BigInt(o.gpuCount))
        expect(o).toMatchObject({ reliability: 1, stakeUsd: 100, region: 'EU-Central' })
      }
      expect(await row(address)).toMatchObject({ reliability7d: 1, reliability1h: 1, lastError: null })
    }
  })

  it('records why the garbage provider’s response was dropped', async () => {
    expect(await row(world.addresses.garbage)).toMatchObject({
      dropped: [{ reason: 'invalid JSON', count: 1 }],
      lastError: 'offers: invalid JSON',
      reliability1h: 0,
      offerCount: 0,
    })
    expect(await store.db.select().from(offers).where(eq(offers.provider, world.addresses.garbage))).toEqual(
      [],
    )
  })

  it('times the slow provider out without delaying the others', async () => {
    expect(world.slow.hits).toBeGreaterThan(hitsBefore.slow)
    expect((await row(world.addresses.slow))?.lastError).toBe('offers: timeout')
    expect(summary.durationMs).toBeLessThan(1.5 * TIMEOUT_MS)
    for (const address of [world.addresses.agentA, world.addresses.agentB])
      expect((await row(address))?.latencyMs).toBeLessThan(TIMEOUT_MS / 2)
  })

  it('never contacts a refused endpoint, even one that points at a live server', async () => {
    expect(world.mapped.hits).toBe(hitsBefore.mapped)
    const samples = await store.db
      .select({ error: providerHealth.error, latencyMs: providerHealth.latencyMs })
      .from(providerHealth)
      .where(eq(providerHealth.provider, world.addresses.private))
    expect(samples).toEqual([{ error: 'endpoint refused (private)', latencyMs: null }])
  })

  it('verifies an ERC-1271 provider’s offers through the chain', async () => {
    const stored = await store.db.select().from(offers).where(eq(offers.provider, world.addresses.wallet))
    expect(stored).toHaveLength(1)
    expect((await row(world.addresses.wallet))?.dropped).toEqual([
      { reason: 'bad signature', count: 1 },
      { reason: 'bad resources signature', count: 1 },
    ])
  })

  it('sums up the poll', () => {
    expect(summary).toMatchObject({ polled: 7, ok: 3, refused: 2, failed: 2, deferred: 0 })
  })
})

describe('registry sync', () => {
  it('follows endpoint and stake changes from its cursor, in chunks, idempotently', async () => {
    const store = await openTestStore('postgres')
    try {
      const deps = { ...world.deps, db: store.db, chunkBlocks: 3n }
      const first = await syncRegistry(deps)
      expect(first.events).toBeGreaterThanOrEqual(7)
      expect((await syncRegistry(deps)).events).toBe(0)

      const publicEndpoint = `http://127.0.0.1:${world.slow.port}`
      await world.updateEndpoint(5, publicEndpoint)
      await world.addStake(5, 5_000_000n)
      expect((await syncRegistry(deps)).events).toBe(2)
      const [changed] = await store.db
        .select()
        .from(providers)
        .where(eq(providers.address, world.addresses.private))
      expect(changed).toMatchObject({ endpoint: publicEndpoint, endpointRefused: null, stake: 105_000_000n })
    } finally {
      await store.close()
    }
  })
})
