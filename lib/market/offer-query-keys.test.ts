import { describe, expect, it } from 'vitest'
import { effectiveSort, offerQueryKeys } from './offer-query-keys'

describe('offer query keys', () => {
  it('nest, so invalidating offers reaches every listing and the facets but not the stats', () => {
    const list = offerQueryKeys.list('gpu=H100')
    expect(list.slice(0, offerQueryKeys.lists().length)).toEqual(offerQueryKeys.lists())
    expect(list.slice(0, 1)).toEqual(offerQueryKeys.all)
    expect(offerQueryKeys.facets().slice(0, 1)).toEqual(offerQueryKeys.all)
    expect(offerQueryKeys.stats()[0]).not.toBe(offerQueryKeys.all[0])
    expect(offerQueryKeys.list('a')).not.toEqual(offerQueryKeys.list('b'))
  })
})

describe('effectiveSort', () => {
  it('falls back to the API default', () => {
    expect(effectiveSort(undefined)).toEqual({ field: 'gpuprice', order: 'asc' })
    expect(effectiveSort({ field: 'vram', order: 'desc' })).toEqual({ field: 'vram', order: 'desc' })
  })
})
