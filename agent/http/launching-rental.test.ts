import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inertWebAccess, RENTAL, startTestAgent, type TestAgent } from '@/test-support/agent/test-agent'

let launching = true
const web = inertWebAccess({ launching: () => launching })

let agent: TestAgent
let token = ''
beforeEach(async () => {
  launching = true
  agent = await startTestAgent({ web })
  const answer = await agent.send(`/v1/rentals/${RENTAL}/access-token`, { method: 'POST', body: '' })
  token = ((await answer.json()) as { token: string }).token
})
afterEach(() => agent.server.close(0))

const get = (rest: string) =>
  agent.send(`/v1/rentals/${RENTAL}/${rest}`, { headers: { authorization: `Bearer ${token}` }, signer: null })

/**
 * Between the `start` transaction and the job's launch the chain (and so the rental page) says the
 * rental runs; the page opens its ports and files then. Nothing listens and nothing is written yet.
 */
describe('a rental started on-chain whose job is still launching', () => {
  it('lists no ports and no outputs rather than calling the rental not running', async () => {
    const ports = await get('ports')
    expect(ports.status).toBe(200)
    expect(await ports.json()).toEqual({ ports: [] })
    const outputs = await get('files/outputs/')
    expect(outputs.status).toBe(200)
    expect(await outputs.json()).toEqual({ path: 'outputs/', entries: [] })
  })

  it('still answers 409 and 404 once it is neither launching nor running', async () => {
    launching = false
    expect((await get('ports')).status).toBe(409)
    expect((await get('files/outputs/')).status).toBe(404)
  })
})
