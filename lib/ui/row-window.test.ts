import { describe, expect, it } from 'vitest'
import { needsMore, visibleRange } from './row-window'

describe('visibleRange', () => {
  const base = { viewport: 800, rowHeight: 50, count: 10_000, overscan: 5 }

  it('renders the rows in the window and a few either side, however long the list', () => {
    expect(visibleRange({ ...base, top: 200 })).toEqual({ start: 0, end: 17 })
    // Scrolled 100,000 px into the list: rows 2000..2016 are visible.
    const deep = visibleRange({ ...base, top: -100_000 })
    expect(deep).toEqual({ start: 1995, end: 2021 })
    expect(deep.end - deep.start).toBeLessThan(40)
  })

  it('stays within the list at both ends', () => {
    expect(visibleRange({ ...base, top: -10_000 * 50 })).toEqual({ start: 9995, end: 10_000 })
    expect(visibleRange({ ...base, count: 3, top: 0 })).toEqual({ start: 0, end: 3 })
    expect(visibleRange({ ...base, count: 0, top: 0 })).toEqual({ start: 0, end: 0 })
  })

  it('keeps a minimum rendered, even while the list is below the fold', () => {
    expect(visibleRange({ ...base, top: 5000, minimum: 20 })).toEqual({ start: 0, end: 20 })
    expect(visibleRange({ ...base, count: 30, top: -1400, minimum: 20 })).toEqual({ start: 10, end: 30 })
  })

  it('asks for the next page before the loaded rows run out', () => {
    expect(needsMore({ start: 0, end: 20 }, 200)).toBe(false)
    expect(needsMore({ start: 160, end: 185 }, 200)).toBe(true)
    // The first screen of a fresh page (12 rows of the 50 the server sent) fetches nothing more.
    expect(needsMore({ start: 0, end: 12 }, 50)).toBe(false)
  })
})
