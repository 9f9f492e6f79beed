import { describe, expect, it } from 'vitest'
import { NonceCache } from './nonce-cache'

const t0 = 1_767_225_600_000
const seconds = (ms: number) => Math.floor(ms / 1000)

describe('NonceCache', () => {
  it('accepts a key once', () => {
    const cache = new NonceCache({ windowSeconds: 60 })
    expect(cache.add('a', seconds(t0), t0)).toBe(true)
    expect(cache.seen('a', seconds(t0), t0 + 1000)).toBe(true)
    expect(cache.add('a', seconds(t0), t0 + 1000)).toBe(false)
    expect(cache.add('b', seconds(t0), t0 + 1000)).toBe(true)
  })

  it('forgets entries 2 × the window after they were seen, not before', () => {
    const cache = new NonceCache({ windowSeconds: 60 })
    cache.add('a', seconds(t0), t0)
    expect(cache.seen('a', seconds(t0), t0 + 119_999)).toBe(true)
    expect(cache.seen('a', seconds(t0), t0 + 120_000)).toBe(false)
    expect(cache.size).toBe(0)
  })

  it('never holds more than its bound', () => {
    const cache = new NonceCache({ windowSeconds: 60, maxEntries: 100 })
    for (let i = 0; i < 1000; i++) {
      expect(cache.add(`k${i}`, seconds(t0) + Math.floor(i / 10), t0 + i * 100)).toBe(true)
      expect(cache.size).toBeLessThanOrEqual(100)
    }
    expect(cache.size).toBe(100)
  })

  it('still refuses an evicted key: eviction raises a timestamp floor', () => {
    const cache = new NonceCache({ windowSeconds: 60, maxEntries: 2 })
    const ts = seconds(t0)
    cache.add('first', ts, t0)
    cache.add('second', ts + 1, t0 + 1000)
    cache.add('third', ts + 2, t0 + 2000) // evicts 'first'
    expect(cache.size).toBe(2)
    expect(cache.add('first', ts, t0 + 3000)).toBe(false)
    // A fresh request with a newer timestamp still gets in.
    expect(cache.add('fourth', ts + 3, t0 + 3000)).toBe(true)
  })

  it('rejects a nonsensical bound', () => {
    expect(() => new NonceCache({ windowSeconds: 60, maxEntries: 0 })).toThrow(RangeError)
  })
})
