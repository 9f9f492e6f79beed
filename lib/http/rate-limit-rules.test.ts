import { describe, expect, it } from 'vitest'
import { loadServerConfig } from '@/lib/server/server-config'
import { DEFAULT_RATE_LIMITS } from './rate-limit-rules'

const base = {
  MARKET_ADDRESS: '0x0000000000000000000000000000000000000001',
  TOKEN_ADDRESS: '0x0000000000000000000000000000000000000002',
}
const load = (env: Record<string, string>) => loadServerConfig({ ...base, ...env })

describe('rate-limit settings', () => {
  it('uses the production defaults when nothing is set, and trusts no proxy', () => {
    const config = loadServerConfig(base)
    expect(config.rateLimits).toEqual(DEFAULT_RATE_LIMITS)
    expect(config.trustedProxyHops).toBe(0)
  })

  it('overrides a group for both subjects, or one subject, keeping the other defaults', () => {
    const { rateLimits } = load({ WEFT_RATE_LIMITS: 'events=120/30, sign-in.ip=10/60' })
    expect(rateLimits['events.ip']).toEqual({ points: 120, seconds: 30 })
    expect(rateLimits['events.address']).toEqual({ points: 120, seconds: 30 })
    expect(rateLimits['sign-in.ip']).toEqual({ points: 10, seconds: 60 })
    expect(rateLimits['sign-in.address']).toEqual(DEFAULT_RATE_LIMITS['sign-in.address'])
  })

  it('turns every limit off with "off"', () => {
    expect(load({ WEFT_RATE_LIMITS: 'off' }).rateLimits).toEqual({})
  })

  it.each([
    ['WEFT_RATE_LIMITS', 'events=lots'],
    ['WEFT_RATE_LIMITS', 'logins=10/60'],
    ['WEFT_RATE_LIMITS', 'events=0/60'],
    ['WEFT_RATE_LIMITS', 'events.ip=10/0'],
    ['TRUSTED_PROXY_HOPS', '-1'],
    ['TRUSTED_PROXY_HOPS', 'one'],
  ])('refuses %s=%s with a sentence naming the setting', (name, value) => {
    expect(() => load({ [name]: value })).toThrow(new RegExp(`${name}: `))
  })
})
