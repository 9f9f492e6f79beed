import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { verifyAccessToken } from '@/agent/access/access-token'
import {
  errorOf,
  inertWebAccess,
  operator,
  RENTAL,
  renter,
  startTestAgent,
  type TestAgent,
} from '@/test-support/agent/test-agent'

const NOW = Date.UTC(2026, 0, 1)
const web = inertWebAccess({ now: () => NOW })
const path = `/v1/rentals/${RENTAL}/access-token`

let agent: TestAgent
beforeEach(async () => {
  agent = await startTestAgent({ web })
})
afterEach(() => agent.server.close(0))

describe('POST /v1/rentals/:id/access-token', () => {
  it('gives the renter a token of the scopes and lifetime asked, 600 s and every scope by default', async () => {
    const response = await agent.send(path, { method: 'POST', body: '' })
    expect(response.status).toBe(201)
    const answer = (await response.json()) as { token: string; expiresAt: number; scopes: string[] }
    expect(answer.expiresAt).toBe(NOW / 1000 + 600)
    expect(answer.scopes).toEqual(['terminal', 'ports', 'files'])
    const verdict = verifyAccessToken(web.secret, answer.token, {
      rentalId: RENTAL,
      scope: 'files',
      nowSeconds: NOW / 1000,
    })
    expect(verdict).toMatchObject({ ok: true, grant: { renter: renter.address } })

    const narrow = await agent.send(path, { method: 'POST', body: '{"scopes":["ports"],"ttlSeconds":60}' })
    const token = ((await narrow.json()) as { token: string }).token
    expect(
      verifyAccessToken(web.secret, token, { rentalId: RENTAL, scope: 'terminal', nowSeconds: NOW / 1000 }),
    ).toEqual({ ok: false, reason: 'scope' })
  })

  it('refuses the operator, a bad body and a lifetime past 600 s', async () => {
    const byOperator = await agent.send(path, { method: 'POST', body: '{}', signer: operator })
    expect(byOperator.status).toBe(403)
    expect((await errorOf(byOperator)).message).toMatch(/renter only/)
    for (const body of [
      'not json',
      '{"ttlSeconds":601}',
      '{"scopes":[]}',
      '{"scopes":["root"]}',
      '{"extra":1}',
    ]) {
      const response = await agent.send(path, { method: 'POST', body })
      expect(response.status).toBe(400)
    }
  })

  it('answers 405 for another method on it', async () => {
    const response = await agent.send(path, { method: 'GET' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })
})
