import { describe, expect, it } from 'vitest'
import { TtlCache } from './ttl-cache'

describe('TtlCache', () => {
  it('shares one computation per key until the entry is older than its ttl', async () => {
    let clock = 0
    let calls = 0
    const cache = new TtlCache<number>(1000, { now: () => clock })
    const compute = async () => ++calls
    const [a, b] = await Promise.all([cache.get('k', compute), cache.get('k', compute)])
    expect([a, b, calls]).toEqual([1, 1, 1])
    clock = 999
    expect(await cache.get('k', compute)).toBe(1)
    clock = 1000
    expect(await cache.get('k', compute)).toBe(2)
  })

  it('serves a stale value while one refresh runs, then the refreshed one', async () => {
    let clock = 0
    let calls = 0
    const cache = new TtlCache<number>(1000, { staleMs: 5000, now: () => clock })
    const compute = async () => ++calls
    await cache.get('k', compute)
    clock = 1500
    expect(await Promise.all([cache.get('k', compute), cache.get('k', compute)])).toEqual([1, 1])
    await new Promise((r) => setTimeout(r, 0))
    expect(calls).toBe(2)
    expect(await cache.get('k', compute)).toBe(2)
    clock = 10_000
    expect(await cache.get('k', compute)).toBe(3)
  })

  it('does not keep failures, and drops the oldest entries past its size', async () => {
    const cache = new TtlCache<string>(60_000, { maxEntries: 2 })
    await expect(cache.get('bad', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down')
    expect(await cache.get('bad', async () => 'recovered')).toBe('recovered')
    await cache.get('a', async () => 'a')
    await cache.get('b', async () => 'b')
    expect(await cache.get('bad', async () => 'fresh')).toBe('fresh')
  })
})
