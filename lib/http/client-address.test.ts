import { describe, expect, it } from 'vitest'
import { pickClientAddress } from './client-address'

const pick = (peer: string | undefined, forwardedFor: string | null, trustedHops = 0) =>
  pickClientAddress({ peer, forwardedFor, trustedHops })

describe('pickClientAddress', () => {
  it('takes the connection’s address and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(pick('203.0.113.7', '10.0.0.1, 10.0.0.2')).toBe('203.0.113.7')
  })

  it('takes the entry the trusted proxies wrote, never one the client wrote further left', () => {
    expect(pick('10.1.1.1', '6.6.6.6, 192.0.2.10', 1)).toBe('192.0.2.10')
    expect(pick('10.1.1.2', '6.6.6.6, 192.0.2.10, 10.1.1.1', 2)).toBe('192.0.2.10')
    // Fewer entries than trusted hops: the leftmost there is, not an index off the end.
    expect(pick('10.1.1.1', null, 2)).toBe('10.1.1.1')
  })

  it('falls back to Next’s own X-Forwarded-For before the peer stamp exists', () => {
    expect(pick(undefined, '203.0.113.7')).toBe('203.0.113.7')
    expect(pick(undefined, null)).toBe('unknown')
  })

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(pick('2001:db8:1:2:aaaa::1', null)).toBe('2001:db8:1:2::/64')
    expect(pick('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee', null)).toBe('2001:db8:1:2::/64')
    expect(pick('2001:db8::1', null)).toBe('2001:db8:0:0::/64')
    expect(pick('::1', null)).toBe('0:0:0:0::/64')
    expect(pick('::ffff:192.0.2.1', null)).toBe('192.0.2.1')
    expect(pick('10.1.1.1', '[2001:DB8:1:2::9]', 1)).toBe('2001:db8:1:2::/64')
  })
})
