import { afterEach, describe, expect, it } from 'vitest'
import { errorOf, startTestAgent, stranger, type TestAgent } from '@/test-support/agent/test-agent'
import type { AgentRateLimits } from './rate-limit'

let agent: TestAgent | undefined
afterEach(async () => {
  await agent?.server.close(0)
  agent = undefined
})

async function start(limits: Partial<AgentRateLimits>): Promise<TestAgent> {
  agent = await startTestAgent({ rateLimits: limits })
  return agent
}

async function expectTooMany(response: Response, what: RegExp) {
  expect(response.status).toBe(429)
  const wait = Number(response.headers.get('retry-after'))
  expect(wait).toBeGreaterThanOrEqual(1)
  expect(wait).toBeLessThanOrEqual(60)
  expect(await errorOf(response)).toEqual({ code: 'too_many_requests', message: expect.stringMatching(what) })
}

describe('agent rate limits', () => {
  it('answers the public routes 429 past the limit per IP, whatever X-Forwarded-For says', async () => {
    const a = await start({ publicRoutes: { points: 3, seconds: 60 } })
    const statuses = []
    for (const path of ['/v1/health', '/v1/offers', '/v1/inventory']) {
      statuses.push((await a.send(path, { signer: null, headers: { 'x-forwarded-for': path } })).status)
    }
    expect(statuses).toEqual([200, 200, 200])
    await expectTooMany(await a.send('/v1/offers', { signer: null }), /too many requests/)
    // Private routes have their own limit: the renter still reads its rental.
    expect((await a.send('/v1/rentals/1')).status).toBe(200)
  })

  it('counts clients behind a trusted proxy by the address the proxy wrote', async () => {
    const a = await start({ publicRoutes: { points: 1, seconds: 60 }, trustedProxyHops: 1 })
    const from = (client: string) => ({ signer: null, headers: { 'x-forwarded-for': client } })
    expect((await a.send('/v1/offers', from('192.0.2.1'))).status).toBe(200)
    await expectTooMany(await a.send('/v1/offers', from('192.0.2.1')), /too many requests/)
    expect((await a.send('/v1/offers', from('192.0.2.2'))).status).toBe(200)
  })

  it('answers 429 to private routes after too many failed signatures, before any chain read', async () => {
    const a = await start({ failedSignatures: { points: 2, seconds: 60 }, trustedProxyHops: 1 })
    const attacker = { 'x-forwarded-for': '203.0.113.66' }
    expect((await a.send('/v1/rentals/1', { signer: null, headers: attacker })).status).toBe(401)
    expect(
      (
        await a.send('/v1/rentals/1', {
          signer: stranger,
          signOrigin: 'https://other.test',
          headers: attacker,
        })
      ).status,
    ).toBe(401)
    // Validly signed or not, this address is refused until the window ends; another is not.
    await expectTooMany(await a.send('/v1/rentals/1', { headers: attacker }), /too many failed signatures/)
    expect(a.api.calls.renterOf).toBe(0)
    expect((await a.send('/v1/rentals/1', { headers: { 'x-forwarded-for': '192.0.2.1' } })).status).toBe(200)
  })

  it('does not count requests that pass the signature check', async () => {
    const a = await start({ failedSignatures: { points: 1, seconds: 60 } })
    for (let i = 0; i < 3; i++) expect((await a.send('/v1/rentals/1')).status).toBe(200)
    // Forbidden (someone else's rental) is a valid signature too, not a failed one.
    for (let i = 0; i < 2; i++) expect((await a.send('/v1/rentals/2')).status).toBe(403)
    expect((await a.send('/v1/rentals/1', { signer: null })).status).toBe(401)
    await expectTooMany(await a.send('/v1/rentals/1'), /failed signatures/)
  })
})
