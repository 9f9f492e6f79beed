import { describe, expect, it } from 'vitest'
import { TtlCache } from './ttl-cache'

describe('TtlCache', () => {
  it('shares one computation per key until the entry is older than its ttl', async () => {
    let clock = 0
    let calls = 0
    const cache = new TtlCache<number>(1000, 10, () => clock)
    const compute = async () => ++calls
    const [a, b] = await Promise.all([cache.get('k', compute), cache.get('k', compute)])
    expect([a, b, calls]).toEqual([1, 1, 1])
    clock = 999
    expect(await cache.get('k', compute)).toBe(1)
    clock = 1000
    expect(await cache.get('k', compute)).toBe(2)
  })

  it('does not keep failures, and drops the oldest entries past its size', async () => {
    const cache = new TtlCache<string>(60_000, 2)
    await expect(cache.get('bad', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down')
    expect(await cache.get('bad', async () => 'recovered')).toBe('recovered')
    await cache.get('a', async () => 'a')
    await cache.get('b', async () => 'b')
    expect(await cache.get('bad', async () => 'fresh')).toBe('fresh')
  })
})
