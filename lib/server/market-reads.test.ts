import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseFilter } from '@/lib/market/filter-grammar'
import { filterFromSearchParams } from '@/lib/market/filter-grammar-params'
import { OFFERS_FRESH_MS, OFFERS_MAX_AGE_MS } from '@/lib/market/offer-freshness'
import { listingKey, marketReadCache, type Read, readThrough } from './market-reads'

/** Lets the cache's background refresh (an already resolved read here) settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('the market reads’ freshness rule', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(1_000_000)
  })
  afterEach(() => vi.useRealTimers())

  it('reuses a read while fresh, serves it once more while refreshing, and never past the max age', async () => {
    const cache = marketReadCache<Read<number>>()
    let version = 1
    let reads = 0
    const read = () =>
      readThrough(cache, 'all', async () => {
        reads++
        return version
      })
    expect((await read()).value).toBe(1)
    version = 2 // the aggregator polled: the database changed
    vi.advanceTimersByTime(OFFERS_FRESH_MS - 1)
    expect((await read()).value).toBe(1)
    expect(reads).toBe(1)
    vi.advanceTimersByTime(1)
    // Stale: the old read is served while one refresh runs; the next visitor gets the new one.
    expect((await Promise.all([read(), read()])).map((r) => r.value)).toEqual([1, 1])
    await settle()
    expect(reads).toBe(2)
    expect((await read()).value).toBe(2)
    version = 3
    vi.advanceTimersByTime(OFFERS_MAX_AGE_MS)
    // Past the max age nothing old is served: the visitor waits for a new read.
    expect((await read()).value).toBe(3)
  })

  it('never serves a read older than OFFERS_MAX_AGE_MS, whatever the timing of polls and visitors', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 9000 }) }),
      fc.record({ kind: fc.constant('poll' as const) }),
      fc.record({ kind: fc.constant('visit' as const), together: fc.integer({ min: 1, max: 4 }) }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        const cache = marketReadCache<Read<number>>()
        // What the database held from each moment on: what a read at that moment sees.
        const history = [{ at: Date.now(), version: 0 }]
        const versionAt = (at: number) => history.filter((h) => h.at <= at).at(-1)?.version
        const read = () => readThrough(cache, 'k', async (at) => versionAt(at.getTime()) ?? -1)
        for (const s of steps) {
          if (s.kind === 'wait') vi.advanceTimersByTime(s.ms)
          else if (s.kind === 'poll') {
            vi.advanceTimersByTime(1) // a poll lands after the reads made in the same millisecond
            history.push({ at: Date.now(), version: history.length })
          } else {
            for (const served of await Promise.all(Array.from({ length: s.together }, read))) {
              expect(Date.now() - served.readAt).toBeLessThanOrEqual(OFFERS_MAX_AGE_MS)
              // The stamp is the moment the value was read: a page's age is told truly.
              expect(served.value).toBe(versionAt(served.readAt))
            }
            await settle()
          }
        }
      }),
      { seed: 20_251_207, numRuns: 200 },
    )
  })
})

describe('listingKey', () => {
  const filter = (params: string) => {
    const parsed = filterFromSearchParams(new URLSearchParams(params))
    if (!parsed.ok) throw new Error(parsed.error.message)
    return parsed.filter
  }

  it('is one key for one search, sort and page however the link wrote them, and differs otherwise', () => {
    const text = parseFilter('gpu=H100 gpus>=2')
    if (!text.ok) throw new Error(text.error.message)
    const params = filter('gpu=H100&gpus_min=2')
    expect(listingKey(text.filter, 50, undefined)).toBe(listingKey(params, 50, undefined))
    const byPrice = filter('gpu=H100&gpus_min=2&sort=price&order=desc')
    expect(listingKey(byPrice, 50, undefined)).toBe(
      listingKey({ ...params, sort: byPrice.sort }, 50, undefined),
    )
    expect(listingKey(params, 50, undefined)).not.toBe(listingKey(byPrice, 50, undefined))
    expect(listingKey(params, 50, undefined)).not.toBe(listingKey(params, 1, undefined))
    expect(listingKey(params, 50, undefined)).not.toBe(listingKey(params, 50, 'next-page'))
    expect(listingKey(params, 50, undefined)).not.toBe(
      listingKey(filter('gpu=A100&gpus_min=2'), 50, undefined),
    )
  })
})
