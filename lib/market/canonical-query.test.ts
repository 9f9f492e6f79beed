import { describe, expect, it } from 'vitest'
import { canonicalOfferQuery } from './canonical-query'
import { parseFilter } from './filter-grammar'
import { formatFilter } from './filter-grammar-format'
import { filterFromSearchParams } from './filter-grammar-params'
import { DEFAULT_OFFER_SORT } from './offer-query-keys'

const filterOf = (text: string) => {
  const parsed = parseFilter(text)
  if (!parsed.ok) throw new Error(parsed.error.message)
  return parsed.filter
}

describe('canonicalOfferQuery', () => {
  it('gives one string for one search however it was written', () => {
    const a = canonicalOfferQuery(filterOf('gpu=H100 gpus>=2 vram>=80GB'))
    const b = canonicalOfferQuery(filterOf('model:H100   count>=2 vram>=81920MiB'))
    expect(a).toBe(b)
    expect(a).toBe('gpu=H100&gpus_min=2&vram_min=80')
  })

  it('leaves the default sort out and keeps any other', () => {
    const filter = filterOf('region=EU')
    expect(canonicalOfferQuery(filter, DEFAULT_OFFER_SORT)).toBe(canonicalOfferQuery(filter))
    expect(canonicalOfferQuery(filter, { field: 'vram', order: 'desc' })).toBe(
      'region=EU&sort=vram&order=desc',
    )
    expect(canonicalOfferQuery(filter, { field: 'gpuprice', order: 'desc' })).toContain('order=desc')
  })

  it('is empty for no search, so the page URL is plain /', () => {
    expect(canonicalOfferQuery(filterOf(''))).toBe('')
  })

  it('reads back as the same search (clauses that became parameters follow the rest)', () => {
    for (const text of [
      'gpu=H100,A100 price<3 h100',
      'region="US East" reliability>=95%',
      'duration<2d sxm',
    ]) {
      const query = canonicalOfferQuery(filterOf(text))
      const back = filterFromSearchParams(new URLSearchParams(query))
      if (!back.ok) throw new Error(back.error.message)
      expect(canonicalOfferQuery(back.filter)).toBe(query)
      expect(new Set(formatFilter(back.filter).split(' '))).toEqual(
        new Set(formatFilter(filterOf(text)).split(' ')),
      )
    }
  })
})
