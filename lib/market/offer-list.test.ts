import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessKinds } from '@/lib/chain/offer-access'
import type { OpenDatabase } from '@/lib/db/database'
import { openTestStore, STORE_KINDS } from '@/test-support/db/test-stores'
import { insertSampleOffers } from '@/test-support/market/sample-offers'
import { parseFilter } from './filter-grammar'
import { compileFilter, type FilterableOffer } from './filter-grammar-apply'
import { filterFromSearchParams } from './filter-grammar-params'
import { listOffers } from './offer-list'
import { groupIdentity } from './offer-query'
import type { OfferView } from './offer-view'

const FILTERS = [
  '',
  'gpu=H100',
  'gpu=H100,A100 gpus>=2',
  'gpu!=RTX-4090',
  'gpu="RTX 4090"',
  'sxm',
  'h100 sxm',
  'price<3',
  'gpuprice<=1.5 region=EU',
  'region!=US gpus=4,8',
  'vram>=80',
  'vram=24GB',
  'reliability>0.95',
  'reliability>=90%',
  'duration>=24h',
  'duration<2d',
  'stake>500',
  'cpus>=16',
  'cores<=8 ram>=128',
  'ram=256,512',
  'disk>=500 disk<2TB',
  'memory<64 storage>=1000',
  'provider=0x00000000000000000000000000000000000000',
  'gpu=L4 region=AP',
  'gpu=H200 price>100',
  'access=ssh',
  'access=ssh,files gpus>=2',
  'access!=ssh',
  'isolation=sandbox',
  'isolation!=container,process',
  'runner=sandbox,container access=terminal',
]

/** The value each sort orders by, read from the API's view of an offer. */
const SORTED_BY = {
  gpuprice: (o: OfferView) => o.pricePerGpuHourUsd,
  price: (o: OfferView) => o.pricePerHourUsd,
  reliability: (o: OfferView) => o.reliability ?? 0,
  duration: (o: OfferView) => o.offer.maxDuration,
  cpus: (o: OfferView) => o.resources.cpus,
  ram: (o: OfferView) => o.resources.memoryMiB,
  disk: (o: OfferView) => o.resources.diskMiB,
}

describe.each(STORE_KINDS)('offer listing on %s', (kind) => {
  let store: OpenDatabase
  let reference: (FilterableOffer & { key: string })[]
  const now = new Date()
  beforeAll(async () => {
    store = await openTestStore(kind)
    const sample = await insertSampleOffers(store.db, 600, { providerCount: 40, seed: 3, now })
    reference = sample.offers.map((o) => ({
      ...groupIdentity(o),
      gpuCount: o.gpuCount,
      pricePerHourUsd: o.pricePerHourUsd,
      pricePerGpuHourUsd: o.pricePerGpuHourUsd,
      region: o.region,
      reliability: o.reliability ?? 0,
      maxDurationSeconds: o.maxDuration,
      provider: o.provider,
      stakeUsd: o.stakeUsd,
      cpus: o.cpus,
      memoryMiB: o.memoryMiB,
      diskMiB: o.diskMiB,
      access: accessKinds(o.access),
      isolation: o.isolation,
      key: `${o.provider}/${o.offerId}`,
    }))
  })
  afterAll(() => store?.close())

  it.each(FILTERS)('matches exactly what the browser filter matches: %s', async (text) => {
    const parsed = parseFilter(text)
    if (!parsed.ok) throw new Error(parsed.error.message)
    const page = await listOffers(store.db, { filter: parsed.filter, limit: 1000 }, now)
    const test = compileFilter(parsed.filter)
    const expected = reference.filter((o) => test(o)).map((o) => o.key)
    expect(page.offers.map((o) => `${o.offer.provider}/${o.offer.offerId}`).sort()).toEqual(expected.sort())
    expect(page.total).toBe(expected.length)
    expect(page.facets.gpu.reduce((n, g) => n + g.count, 0)).toBe(expected.length)
    expect(page.facets.region.reduce((n, r) => n + r.count, 0)).toBe(expected.length)
  })

  it.each([
    ['gpuprice', 'asc'],
    ['price', 'desc'],
    ['reliability', 'desc'],
    ['duration', 'asc'],
    ['cpus', 'desc'],
    ['ram', 'asc'],
    ['disk', 'desc'],
  ] as const)('pages through every match sorted by %s %s, without gaps or repeats', async (field, order) => {
    const params = new URLSearchParams({ q: 'gpus<=4', sort: field, order })
    const parsed = filterFromSearchParams(params)
    if (!parsed.ok) throw new Error(parsed.error.message)
    const seen: string[] = []
    const values: number[] = []
    let cursor: string | undefined
    let total = 0
    do {
      const page = await listOffers(store.db, { filter: parsed.filter, limit: 37, cursor }, now)
      total = page.total
      for (const o of page.offers) {
        seen.push(`${o.offer.provider}/${o.offer.offerId}`)
        values.push(SORTED_BY[field](o))
      }
      cursor = page.next ?? undefined
    } while (cursor)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.length).toBe(total)
    const sorted = [...values].sort((a, b) => (order === 'asc' ? a - b : b - a))
    expect(values).toEqual(sorted)
  })

  it('refuses a cursor it did not issue', async () => {
    const parsed = parseFilter('')
    if (!parsed.ok) throw new Error('parse')
    await expect(
      listOffers(store.db, { filter: parsed.filter, limit: 5, cursor: 'bm9wZQ' }, now),
    ).rejects.toThrow('cursor is not one this listing issued')
  })
})
