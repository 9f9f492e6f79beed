import { describe, expect, it, vi } from 'vitest'
import { createAccessTokenCache } from './access-token-cache'

const token = (name: string, expiresAt: number) => ({ token: name, expiresAt, scopes: ['terminal' as const] })

describe('createAccessTokenCache', () => {
  it('reuses a token until a minute before it expires, then asks for a new one', async () => {
    let nowMs = 1_000_000
    const request = vi
      .fn()
      .mockResolvedValueOnce(token('first', 1600))
      .mockResolvedValueOnce(token('second', 2200))
    const cache = createAccessTokenCache(request, () => nowMs)
    expect(cache.current()).toBeNull()
    expect((await cache.get()).token).toBe('first')
    nowMs = 1_539_000 // 61 s left
    expect((await cache.get()).token).toBe('first')
    expect(cache.current()?.token).toBe('first')
    nowMs = 1_540_000 // 60 s left: renewed
    expect(cache.current()).toBeNull()
    expect((await cache.get()).token).toBe('second')
    expect(request).toHaveBeenCalledTimes(2)
  })

  it('shares one request between callers asking at once (one wallet prompt)', async () => {
    const request = vi.fn(async () => token('only', 10_000))
    const cache = createAccessTokenCache(request, () => 0)
    const [a, b] = await Promise.all([cache.get(), cache.get()])
    expect(a).toBe(b)
    expect(request).toHaveBeenCalledTimes(1)
  })

  it('keeps no failed request, and forgets a cleared token', async () => {
    const request = vi
      .fn()
      .mockRejectedValueOnce(new Error('declined'))
      .mockResolvedValue(token('ok', 10_000))
    const cache = createAccessTokenCache(request, () => 0)
    await expect(cache.get()).rejects.toThrow('declined')
    expect((await cache.get()).token).toBe('ok')
    cache.clear()
    expect(cache.current()).toBeNull()
    await cache.get()
    expect(request).toHaveBeenCalledTimes(3)
  })
})
