import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenDatabase } from '@/lib/db/database'
import { openTestStore, STORE_KINDS } from '@/test-support/db/test-stores'
import { insertSampleOffers } from '@/test-support/market/sample-offers'
import { marketStats } from './market-stats'
import { listProviders } from './provider-list'

describe.each(STORE_KINDS)('market stats on %s', (kind) => {
  let store: OpenDatabase
  let sample: Awaited<ReturnType<typeof insertSampleOffers>>
  beforeAll(async () => {
    store = await openTestStore(kind)
    sample = await insertSampleOffers(store.db, 300, { providerCount: 20, seed: 7 })
  })
  afterAll(() => store?.close())

  it('gives count and min / median / max price per GPU-hour for each model, matching the rows', async () => {
    const stats = await marketStats(store.db)
    const total = stats.reduce((n, s) => n + s.offers, 0)
    expect(total).toBe(300)
    for (const s of stats) {
      const prices = sample.offers
        .filter((o) => o.gpuModel === s.gpuModel)
        .map((o) => o.pricePerGpuHourUsd)
        .sort((a, b) => a - b)
      const mid = prices.length / 2
      const median =
        prices.length % 2 ? (prices[Math.floor(mid)] ?? 0) : ((prices[mid - 1] ?? 0) + (prices[mid] ?? 0)) / 2
      expect(s.offers).toBe(prices.length)
      expect(s.minPerGpuHourUsd).toBeCloseTo(prices[0] ?? 0, 6)
      expect(s.maxPerGpuHourUsd).toBeCloseTo(prices.at(-1) ?? 0, 6)
      expect(s.medianPerGpuHourUsd).toBeCloseTo(median, 6)
      expect(s.gpusAvailable).toBeGreaterThan(0)
    }
  })

  it('leaves expired offers out', async () => {
    const later = new Date(Date.now() + 3_600_000)
    expect(await marketStats(store.db, later)).toEqual([])
  })

  it('lists providers with their stake as an exact decimal string', async () => {
    const list = await listProviders(store.db)
    expect(list).toHaveLength(20)
    expect(list[0]?.stake).toMatch(/^\d+000000$/)
    expect(list[0]?.reachable).toBe(false)
  })
})
