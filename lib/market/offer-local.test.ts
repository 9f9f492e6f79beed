import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OpenDatabase, openDatabase } from '@/lib/db/database'
import { insertSampleOffers } from '@/test-support/market/sample-offers'
import type { FilterSort } from './filter-grammar'
import { parseFilter } from './filter-grammar'
import type { ListedOffer } from './listed-offer'
import { listOffers } from './offer-list'
import { filterOffers, isNarrowing, sortOffers } from './offer-local'
import type { OfferView } from './offer-view'

const filterOf = (text: string) => {
  const parsed = parseFilter(text)
  if (!parsed.ok) throw new Error(parsed.error.message)
  return parsed.filter
}

const key = (view: ListedOffer) => `${view.offer.provider}:${view.offer.offerId}`

describe('filtering loaded offers in the browser', () => {
  let store: OpenDatabase
  let all: OfferView[]
  const now = new Date()

  async function listAll(text: string, sort?: FilterSort) {
    const filter = { ...filterOf(text), ...(sort ? { sort } : {}) }
    const rows: OfferView[] = []
    let cursor: string | undefined
    do {
      const page = await listOffers(store.db, { filter, limit: 200, ...(cursor ? { cursor } : {}) }, now)
      rows.push(...page.offers)
      cursor = page.next ?? undefined
    } while (cursor)
    return rows
  }

  beforeAll(async () => {
    store = await openDatabase({})
    await insertSampleOffers(store.db, 400, { providerCount: 30, seed: 7, now })
    all = await listAll('')
  })
  afterAll(() => store.close())

  it.each([
    'gpu=H100',
    'gpu=H100,A100 gpus>=2',
    'sxm region=EU',
    'vram>=80 gpuprice<2',
    'reliability>=90% duration>=24h',
    'gpu!=RTX-4090 stake>500',
    'cpus>=16 ram>=128 disk<=2TB',
  ])('gives the server’s answer, in the server’s order: %s', async (text) => {
    const sort: FilterSort = { field: 'price', order: 'desc' }
    const server = await listAll(text, sort)
    expect(server.length).toBeGreaterThan(0)
    expect(filterOffers(all, filterOf(text), sort).map(key)).toEqual(server.map(key))
  })

  it('sorts like the API for every field the table offers', async () => {
    for (const field of ['gpuprice', 'price', 'vram', 'cpus', 'ram', 'disk', 'reliability'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const server = await listAll('', { field, order })
        expect(sortOffers(all, { field, order }).map(key)).toEqual(server.map(key))
      }
    }
  })

  it('only narrows a listing it can narrow exactly', () => {
    expect(isNarrowing(filterOf(''), filterOf('gpu=H100 price<3'))).toBe(true)
    expect(isNarrowing(filterOf('gpu=H100'), filterOf('price<3 gpu=H100'))).toBe(true)
    expect(isNarrowing(filterOf('h100'), filterOf('H100 sxm'))).toBe(true)
    // A wider or different search needs offers that were never loaded.
    expect(isNarrowing(filterOf('gpu=H100'), filterOf('gpu=H100,A100'))).toBe(false)
    expect(isNarrowing(filterOf('price<3'), filterOf('price<4'))).toBe(false)
    expect(isNarrowing(filterOf('gpu=H100 gpu=H100'), filterOf('gpu=H100'))).toBe(false)
  })
})
