import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { GET as nonceGET } from '@/app/api/auth/nonce/route'
import { GET as eventsGET } from '@/app/api/rentals/[id]/events/route'
import { GET as rentalsGET } from '@/app/api/rentals/route'
import { createSession } from '@/lib/auth/sessions'
import type { OpenDatabase } from '@/lib/db/database'
import { authNonces } from '@/lib/db/schema'
import type { RateLimitRules } from '@/lib/http/rate-limit-rules'
import { PEER_ADDRESS_HEADER } from '@/lib/server/peer-address'
import type { ServerConfig } from '@/lib/server/server-config'
import { APP_ORIGIN, errorOf, rpcClient, testConfig } from '@/test-support/auth/auth-test-kit'
import { openTestStore, STORE_KINDS } from '@/test-support/db/test-stores'

const current = vi.hoisted(() => ({ context: undefined as unknown }))
vi.mock('@/lib/server/server-context', () => ({ getServerContext: async () => current.context }))

const ALICE = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const BOB = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const perMinute = (points: number) => ({ points, seconds: 60 })

/** A request as the stamped server hands it to a route: from `peer`, with extra headers. */
function from(peer: string, path: string, headers: Record<string, string> = {}): Request {
  return new Request(`${APP_ORIGIN}${path}`, { headers: { [PEER_ADDRESS_HEADER]: peer, ...headers } })
}

async function sessionCookie(store: OpenDatabase, address: `0x${string}`): Promise<string> {
  const { token } = await createSession({ config: testConfig(), store }, { address, chainId: 31337 })
  return `weft_session=${token}`
}

describe.each(STORE_KINDS)('rate limits on the market routes, on %s', (kind) => {
  let store: OpenDatabase
  let use: (rules: RateLimitRules, config?: Partial<ServerConfig>) => void
  beforeAll(async () => {
    store = await openTestStore(kind)
    use = (rules, config = {}) => {
      current.context = {
        config: testConfig({ rateLimits: rules, ...config }),
        store,
        chain: rpcClient('http://127.0.0.1:1'),
      }
    }
  }, 60_000)
  afterAll(() => store?.close())
  beforeEach(() => store.db.execute('DELETE FROM rate_limits'))

  it('answers a burst past the limit 429 with Retry-After, before issuing a nonce; another IP is unaffected', async () => {
    use({ 'sign-in.ip': perMinute(3) })
    const before = (await store.db.select().from(authNonces)).length
    for (let i = 0; i < 3; i++)
      expect((await nonceGET(from('203.0.113.7', '/api/auth/nonce'))).status).toBe(200)
    const refused = await nonceGET(from('203.0.113.7', '/api/auth/nonce'))
    expect(refused.status).toBe(429)
    const wait = Number(refused.headers.get('retry-after'))
    expect(wait).toBeGreaterThanOrEqual(1)
    expect(wait).toBeLessThanOrEqual(60)
    const error = await errorOf(refused)
    expect(error.code).toBe('too_many_requests')
    expect(error.message).toMatch(/^Too many sign-in requests from your network; try again in \d+ s\.$/)
    expect((await store.db.select().from(authNonces)).length).toBe(before + 3)
    expect((await nonceGET(from('198.51.100.9', '/api/auth/nonce'))).status).toBe(200)
  })

  it('ignores X-Forwarded-For unless told to trust a proxy, then takes the entry the proxy wrote', async () => {
    use({ 'sign-in.ip': perMinute(2) })
    const spoofed = (i: number) =>
      from('203.0.113.7', '/api/auth/nonce', { 'x-forwarded-for': `10.0.0.${i}` })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await nonceGET(spoofed(i))).status)
    expect(statuses).toEqual([200, 200, 429])

    use({ 'sign-in.ip': perMinute(2) }, { trustedProxyHops: 1 })
    const viaProxy = (client: string) =>
      from('10.1.1.1', '/api/auth/nonce', { 'x-forwarded-for': `6.6.6.6, ${client}` })
    const alice = []
    for (let i = 0; i < 3; i++) alice.push((await nonceGET(viaProxy('192.0.2.10'))).status)
    expect(alice).toEqual([200, 200, 429])
    expect((await nonceGET(viaProxy('192.0.2.11'))).status).toBe(200)
  })

  it('limits a signed-in address across IP addresses, leaving other accounts alone', async () => {
    use({ 'rentals.address': perMinute(2) })
    const alice = await sessionCookie(store, ALICE)
    const statuses = []
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      statuses.push((await rentalsGET(from(ip, '/api/rentals', { cookie: alice }))).status)
    }
    expect(statuses).toEqual([200, 200, 429])
    const refused = await rentalsGET(from('192.0.2.4', '/api/rentals', { cookie: alice }))
    expect((await errorOf(refused)).message).toMatch(/for your account/)
    const bob = await sessionCookie(store, BOB)
    expect((await rentalsGET(from('192.0.2.1', '/api/rentals', { cookie: bob }))).status).toBe(200)
  })

  it('counts event streams opened, before looking the rental up', async () => {
    use({ 'events.ip': perMinute(1) })
    const open = () =>
      eventsGET(from('203.0.113.7', '/api/rentals/1/events'), { params: Promise.resolve({ id: '1' }) })
    expect((await open()).status).toBe(401)
    expect((await open()).status).toBe(429)
  })

  it('starts a fresh window once the last one ends', async () => {
    use({ 'sign-in.ip': { points: 1, seconds: 1 } })
    expect((await nonceGET(from('203.0.113.7', '/api/auth/nonce'))).status).toBe(200)
    const refused = await nonceGET(from('203.0.113.7', '/api/auth/nonce'))
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('1')
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect((await nonceGET(from('203.0.113.7', '/api/auth/nonce'))).status).toBe(200)
  })
})
