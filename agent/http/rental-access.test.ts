import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AgentError } from '@/agent/core/agent-api'
import {
  errorOf,
  OTHER_RENTAL,
  operator,
  otherRenter,
  RENTAL,
  renter,
  startTestAgent,
  stranger,
  type TestAgent,
} from '@/test-support/agent/test-agent'

let agent: TestAgent
beforeEach(async () => {
  agent = await startTestAgent()
})
afterEach(async () => {
  vi.restoreAllMocks()
  await agent.server.close(0)
})

// Every private route, as [method, path].
const PRIVATE: [string, string][] = [
  ['GET', '/v1/rentals/1'],
  ['GET', '/v1/rentals/1/logs'],
  ['GET', '/v1/rentals/1/logs/stream'],
  ['GET', '/v1/rentals/1/metrics'],
]

describe('private routes: who gets in', () => {
  it.each(PRIVATE)('%s %s without a signature → 401, and no chain read', async (method, path) => {
    const response = await agent.send(path, { method, signer: null })
    expect(response.status).toBe(401)
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform')
    expect(await errorOf(response)).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/signed/),
    })
    expect(agent.api.calls.renterOf).toBe(0)
  })

  it('refuses a signature from more than 60 s ago or ahead → 401', async () => {
    for (const skew of [-61_000, 61_000]) {
      const response = await agent.send('/v1/rentals/1', { signedAt: Date.now() + skew })
      expect(response.status).toBe(401)
      expect((await errorOf(response)).message).toMatch(/sign it again/)
    }
    expect(agent.api.calls.renterOf).toBe(0)
  })

  it('refuses a replayed request → 401, even with the first one accepted', async () => {
    const headers = await agent.sign('/v1/rentals/1')
    const first = await fetch(`${agent.server.url}/v1/rentals/1`, { headers })
    expect(first.status).toBe(200)
    const again = await fetch(`${agent.server.url}/v1/rentals/1`, { headers })
    expect(again.status).toBe(401)
    expect((await errorOf(again)).message).toMatch(/already used/)
  })

  it('refuses a request signed for another agent → 401', async () => {
    const response = await agent.send('/v1/rentals/1', { signOrigin: 'https://other-agent.test:8443' })
    expect(response.status).toBe(401)
  })

  it('refuses a signature over another path or rental → 401', async () => {
    const headers = await agent.sign('/v1/rentals/1/metrics')
    expect((await fetch(`${agent.server.url}/v1/rentals/1/logs`, { headers })).status).toBe(401)
    const other = await agent.sign('/v1/rentals/2/logs')
    expect((await fetch(`${agent.server.url}/v1/rentals/1/logs`, { headers: other })).status).toBe(401)
  })

  it('verifies the path and query as the client sent them, percent-encoding included', async () => {
    const response = await agent.send('/v1/rentals/0x01/logs?limit=5&after=0&note=a%20b%2Fc')
    expect(response.status).toBe(200)
  })

  it('refuses garbage signature headers → 401, never 500', async () => {
    const headers = { ...(await agent.sign('/v1/rentals/1')), 'x-weft-signature': '0xdeadbeef' }
    const response = await fetch(`${agent.server.url}/v1/rentals/1`, { headers })
    expect(response.status).toBe(401)
    expect((await errorOf(response)).message).toMatch(/malformed/)
  })

  it.each(PRIVATE)('%s %s signed by a stranger → 403', async (method, path) => {
    const response = await agent.send(path, { method, signer: stranger })
    expect(response.status).toBe(403)
    expect((await errorOf(response)).code).toBe('forbidden')
  })

  it("refuses one renter another renter's rental → 403", async () => {
    expect((await agent.send('/v1/rentals/2', { signer: renter })).status).toBe(403)
    expect((await agent.send('/v1/rentals/1', { signer: otherRenter })).status).toBe(403)
  })

  it('answers a rental of another provider with 404 to the operator, 403 to anyone else', async () => {
    const toOperator = await agent.send('/v1/rentals/99', { signer: operator })
    expect(toOperator.status).toBe(404)
    expect((await errorOf(toOperator)).message).toMatch(/not one of this provider's rentals/)
    expect((await agent.send('/v1/rentals/99', { signer: renter })).status).toBe(403)
  })

  it.each(PRIVATE.filter(([method]) => method === 'GET'))(
    '%s %s lets the renter and the operator in',
    async (method, path) => {
      agent.api.endJob(RENTAL) // so the log stream ends and the response completes
      for (const signer of [renter, operator]) {
        const response = await agent.send(path, { method, signer })
        expect(response.status).toBe(200)
        await response.body?.cancel()
      }
    },
  )

  it('lets the operator reach any of its rentals, and accepts either id spelling', async () => {
    for (const path of ['/v1/rentals/2', '/v1/rentals/0x2', '/v1/rentals/0x02', '/v1/rentals/0002']) {
      const response = await agent.send(path, { signer: operator })
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ id: OTHER_RENTAL.toString() })
    }
  })

  it.each([
    ['not a number', 'abc'],
    ['negative', '-1'],
    ['fractional', '1.5'],
    ['over uint256 in decimal', (2n ** 256n).toString()],
    ['over 32 bytes of hex', `0x1${'0'.repeat(64)}`],
    ['empty hex', '0x'],
  ])('refuses a rental id that is %s → 400 naming the id', async (_, id) => {
    const response = await agent.send(`/v1/rentals/${id}`)
    expect(response.status).toBe(400)
    expect((await errorOf(response)).message).toMatch(/^rental id: /)
  })

  it('answers 503, without upstream detail, when the chain cannot be read', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    agent.api.renterOfFailure = new AgentError('unavailable', 'RPC http://10.0.0.5:8545 ECONNREFUSED')
    const response = await agent.send('/v1/rentals/1')
    expect(response.status).toBe(503)
    const error = await errorOf(response)
    expect(error.code).toBe('unavailable')
    expect(error.message).not.toMatch(/10\.0\.0\.5|ECONNREFUSED/)
  })

  it('answers a wrong method on a private path with 405 before asking for a signature', async () => {
    const response = await agent.send('/v1/rentals/1', { method: 'DELETE', signer: null })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET')
    const post = await agent.send('/v1/rentals/1/logs', { method: 'POST', body: '{}', signer: null })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET')
  })
})
