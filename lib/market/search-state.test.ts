import { describe, expect, it } from 'vitest'
import { initialSearch, searchStateFromParams } from './search-state'

const state = (query: string) => searchStateFromParams(new URLSearchParams(query))

describe('searchStateFromParams', () => {
  it('writes the URL parameters as one search text', () => {
    expect(state('gpu=H100&gpus_min=2&q=price<3&sort=vram&order=desc')).toEqual({
      text: 'price<3 gpu=H100 gpus>=2',
      sort: { field: 'vram', order: 'desc' },
    })
    expect(state('')).toEqual({ text: '' })
  })

  it('keeps a malformed q as typed, first, so the search box can underline it', () => {
    expect(state('q=price<abc&region=EU')).toEqual({ text: 'price<abc region=EU' })
  })

  it('drops a malformed parameter, says which, and keeps the rest', () => {
    const result = state('gpus_min=lots&region=EU&sort=nonsense')
    expect(result.text).toBe('region=EU')
    expect(result.sort).toBeUndefined()
    expect(result.ignored?.param).toBe('gpus_min')
    expect(result.ignored?.message).toContain('lots')
  })

  it('drops a bad sort with its order', () => {
    const result = state('sort=colour&order=desc&gpu=L4')
    expect(result).toMatchObject({ text: 'gpu=L4', ignored: { param: 'sort' } })
    expect(result.sort).toBeUndefined()
  })
})

describe('initialSearch', () => {
  it('hands the page the parse and the canonical query, so first paint needs no parser', () => {
    const good = initialSearch(new URLSearchParams('gpus_min=2&gpu=H100&sort=gpuprice&order=asc'))
    expect(good.parsed.ok).toBe(true)
    expect(good.canonical).toBe('gpu=H100&gpus_min=2')
    const bad = initialSearch(new URLSearchParams('q=price<abc'))
    expect(bad.canonical).toBeUndefined()
    expect(bad.parsed).toMatchObject({ ok: false, error: { start: 6, end: 9 } })
  })
})
