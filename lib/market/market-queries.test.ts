import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OpenDatabase, openDatabase } from '@/lib/db/database'
import { insertSampleOffers } from '@/test-support/market/sample-offers'
import { listingPage } from './market-queries'
import { listOffers } from './offer-list'

describe('the listing the browser holds', () => {
  let store: OpenDatabase
  beforeAll(async () => {
    store = await openDatabase({})
    await insertSampleOffers(store.db, 20, { providerCount: 4, seed: 3, now: new Date() })
  })
  afterAll(() => store.close())

  it('keeps everything a row shows and leaves the signatures to the offer’s page', async () => {
    const page = await listOffers(store.db, { filter: { clauses: [], text: [] }, limit: 10 }, new Date())
    const listed = listingPage(page, 'gpu=H100')
    expect(listed.query).toBe('gpu=H100')
    expect(listed.offers).toHaveLength(page.offers.length)
    expect(listed.total).toBe(page.total)
    listed.offers.forEach((offer, i) => {
      const { signature, resourcesSignature, ...rest } = page.offers[i] ?? ({} as never)
      expect(signature).toMatch(/^0x/)
      expect(offer).toEqual(rest)
      expect(JSON.stringify(offer)).not.toContain(signature)
      expect(JSON.stringify(offer)).not.toContain(resourcesSignature)
    })
  })
})
