import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { OfferResources } from '@/lib/chain/offer-resources'
import { offers } from '@/lib/db/schema'
import { listingPage } from '@/lib/market/market-queries'
import type { OfferPage } from '@/lib/market/offer-view'
import { initialSearch } from '@/lib/market/search-state'
import { loadMarket } from '@/lib/server/queries/load-market'
import { getServerContext } from '@/lib/server/server-context'
import { insertSampleOffers } from '@/test-support/market/sample-offers'
import { GET as getOffer } from './[id]/route'
import { GET } from './route'

beforeAll(async () => {
  process.env.WEFT_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'weft-routes-'))
  process.env.MARKET_ADDRESS = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
  process.env.TOKEN_ADDRESS = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
  // No chain at all: offers are served from the store, so an RPC outage never blanks the market.
  process.env.RPC_URL = 'http://127.0.0.1:9'
  const { store } = await getServerContext()
  await insertSampleOffers(store.db, 120, { providerCount: 12, seed: 5 })
})

const get = async (query: string) => {
  const response = await GET(new Request(`http://localhost/api/offers?${query}`))
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('GET /api/offers', () => {
  it('filters with the grammar, sorts and pages', async () => {
    const { status, body } = await get(
      `q=${encodeURIComponent('gpu=H100 gpus>=2')}&sort=price&order=desc&limit=5`,
    )
    expect(status).toBe(200)
    const offers = body.offers as { offer: { gpuModel: string; gpuCount: number }; pricePerHourUsd: number }[]
    expect(offers.length).toBeGreaterThan(0)
    expect(offers.every((o) => o.offer.gpuModel === 'H100-SXM-80GB' && o.offer.gpuCount >= 2)).toBe(true)
    const prices = offers.map((o) => o.pricePerHourUsd)
    expect(prices).toEqual([...prices].sort((a, b) => b - a))
    expect(typeof body.next).toBe('string')
  })

  it('returns each offer’s signed resources, filtering and sorting by cores, memory and disk', async () => {
    const { status, body } = await get(
      `q=${encodeURIComponent('cpus>=16 ram>=128')}&disk_min=500&sort=disk&order=desc&limit=200`,
    )
    expect(status).toBe(200)
    const offers = body.offers as { resources: OfferResources; resourcesSignature: string }[]
    expect(offers.length).toBeGreaterThan(0)
    expect(body.total).toBe(offers.length)
    for (const { resources, resourcesSignature } of offers) {
      expect(Object.keys(resources).sort()).toEqual([
        'access',
        'cpus',
        'diskMiB',
        'isolation',
        'memoryMiB',
        'networkMbps',
      ])
      expect(resources.cpus).toBeGreaterThanOrEqual(16)
      expect(resources.memoryMiB).toBeGreaterThanOrEqual(128 * 1024)
      expect(resources.diskMiB).toBeGreaterThanOrEqual(500 * 1024)
      expect(resourcesSignature).toMatch(/^0x[0-9a-f]+$/)
    }
    const disks = offers.map((o) => o.resources.diskMiB)
    expect(disks).toEqual([...disks].sort((a, b) => b - a))
    // Fewer offers pass than the whole market: the filter did something.
    expect(offers.length).toBeLessThan(Number((await get('limit=1')).body.total))
  })

  it('returns the ways in and the runner each offer signed, filtering on them', async () => {
    const { status, body } = await get('access=ssh,files&isolation=sandbox&limit=200')
    expect(status).toBe(200)
    const offers = body.offers as { resources: OfferResources }[]
    expect(offers.length).toBeGreaterThan(0)
    for (const { resources } of offers) {
      expect(resources.access).toEqual(['ssh', 'terminal', 'ports', 'files'])
      expect(resources.isolation).toBe('sandbox')
    }
    const withoutSsh = await get(`q=${encodeURIComponent('access!=ssh')}&limit=200`)
    const rest = withoutSsh.body.offers as { resources: OfferResources }[]
    expect(rest.length).toBeGreaterThan(0)
    expect(rest.every((o) => !o.resources.access.includes('ssh'))).toBe(true)
    const unknown = await get('access=vnc')
    expect(unknown.status).toBe(400)
    expect((unknown.body.error as { message: string }).message).toBe(
      '`access` needs one of ssh, terminal, ports, files, got `vnc`',
    )
  })

  it('answers a malformed query with 400, the position and a sentence', async () => {
    const { status, body } = await get(`q=${encodeURIComponent('gpu=H100 price<abc')}`)
    expect(status).toBe(400)
    expect(body).toEqual({
      error: {
        code: 'invalid',
        message: expect.stringContaining('price'),
        position: { start: 15, end: 18 },
        param: 'q',
      },
    })
  })

  it('rejects a bad limit and a forged cursor', async () => {
    expect((await get('limit=0')).status).toBe(400)
    expect((await get('limit=500')).status).toBe(400)
    const forged = await get('cursor=eyJmb28iOjF9')
    expect(forged.status).toBe(400)
    expect((forged.body.error as { message: string }).message).toContain('cursor')
  })
})

describe('GET /api/offers/:id', () => {
  it('returns one offer with its provider, 404 for an unknown id, 400 for a malformed one', async () => {
    const { body } = await get('limit=1')
    const first = (
      body.offers as { offer: { offerId: string; provider: string }; resources: OfferResources }[]
    )[0]
    const params = (id: string) => ({ params: Promise.resolve({ id }) })
    const ok = await getOffer(new Request('http://localhost/x'), params(first?.offer.offerId ?? ''))
    expect(ok.status).toBe(200)
    const one = (await ok.json()) as { provider: { address: string }; resources: unknown }
    expect(one.provider.address).toBe(first?.offer.provider)
    expect(one.resources).toEqual(first?.resources)
    const missing = await getOffer(new Request('http://localhost/x'), params(`0x${'ee'.repeat(32)}`))
    expect(missing.status).toBe(404)
    const bad = await getOffer(new Request('http://localhost/x'), params('nope'))
    expect(bad.status).toBe(400)
  })
})

describe('the marketplace page and GET /api/offers', () => {
  it('read the same answer, so the page never shows offers the API would not; a fresh read sees the change', async () => {
    const initial = initialSearch(new URLSearchParams())
    const page = await loadMarket(initial)
    if (!page.ok) throw new Error(page.reason)
    const first = page.data.initialPage?.offers[0]
    if (!first) throw new Error('the page lists no offers')
    // The aggregator drops the cheapest offer right after the page read the market.
    const { store } = await getServerContext()
    await store.db.delete(offers).where(eq(offers.offerId, first.offer.offerId))
    const api = await get('limit=50')
    // The page holds the API's answer less the signatures, which only renting needs (listed-offer.ts).
    const held = listingPage(api.body as OfferPage, page.data.initialPage?.query ?? '')
    expect(JSON.parse(JSON.stringify(held))).toEqual(JSON.parse(JSON.stringify(page.data.initialPage)))
    expect((api.body.offers as OfferPage['offers'])[0]?.signature).toMatch(/^0x[0-9a-f]{130}$/)
    expect((await get('limit=1')).body.facets).toEqual(page.data.facets)
    const fresh = await loadMarket(initial, { fresh: true })
    if (!fresh.ok) throw new Error(fresh.reason)
    expect(fresh.data.initialPage?.offers.map((o) => o.offer.offerId)).not.toContain(first.offer.offerId)
    expect(fresh.data.initialPage?.total).toBe((page.data.initialPage?.total ?? 0) - 1)
  })
})
