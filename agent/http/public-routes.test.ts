import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import { errorOf, startTestAgent, type TestAgent } from '@/test-support/agent/test-agent'

let agent: TestAgent
beforeEach(async () => {
  agent = await startTestAgent()
})
afterEach(async () => {
  vi.restoreAllMocks()
  await agent.server.close(0)
})

describe('public routes', () => {
  it('serves health as JSON, never cached', async () => {
    const response = await agent.send('/v1/health', { signer: null })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform')
    expect(await response.json()).toEqual(agent.api.healthReport)
  })

  it('answers 503 with the report when the agent is unhealthy, never 200 with ok: false', async () => {
    agent.api.healthReport = { ...agent.api.healthReport, ok: false, chainReachable: false }
    const response = await agent.send('/v1/health', { signer: null })
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ ok: false, chainReachable: false })
  })

  it('serves inventory and offers wrapped in objects', async () => {
    const offer: SignedOfferJson = {
      offer: {
        provider: agent.api.healthReport.provider,
        offerId: `0x${'11'.repeat(32)}`,
        gpuModel: 'H100-SXM-80GB',
        gpuCount: 1,
        vramMiB: 81559,
        token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
        pricePerHour: '2500000',
        minDuration: 3600,
        maxDuration: 86400,
        expiresAt: '1767229200',
      },
      signature: `0x${'22'.repeat(65)}`,
      resources: {
        cpus: 16,
        memoryMiB: 131_072,
        diskMiB: 512_000,
        networkMbps: 10_000,
        access: ['terminal', 'ports', 'files'],
        isolation: 'sandbox',
      },
      resourcesSignature: `0x${'33'.repeat(65)}`,
      region: 'EU',
      gpuModelId: 'H100-SXM-80GB',
      gpuIndices: [0],
    }
    agent.api.signedOffers = [offer]
    const offers = await agent.send('/v1/offers', { signer: null })
    expect(offers.headers.get('cache-control')).toBe('no-store, no-transform')
    expect(await offers.json()).toEqual({ offers: [offer] })
    const inventory = await agent.send('/v1/inventory', { signer: null })
    expect(await inventory.json()).toEqual({ gpus: [] })
  })

  it('answers 405 with Allow for a wrong method on a known path', async () => {
    for (const path of ['/v1/health', '/v1/offers', '/v1/inventory']) {
      const response = await agent.send(path, { method: 'POST', body: '{}', signer: null })
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('GET')
      expect((await errorOf(response)).code).toBe('method_not_allowed')
    }
  })

  it('answers 404 as JSON for an unknown route', async () => {
    const response = await agent.send('/v1/nope', { signer: null })
    expect(response.status).toBe(404)
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform')
    expect(await errorOf(response)).toEqual({ code: 'not_found', message: 'no such route' })
  })

  it('turns an unexpected failure into a generic 500, logged server-side, without a stack trace', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    agent.api.inventory = () => {
      throw new Error('ENOENT: /usr/bin/nvidia-smi at secretHost:/opt/agent')
    }
    const response = await agent.send('/v1/inventory', { signer: null })
    expect(response.status).toBe(500)
    const text = await response.text()
    expect(text).not.toContain('ENOENT')
    expect(text).not.toContain('at ')
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal', message: 'the agent failed to handle this request' },
    })
    expect(logged).toHaveBeenCalled()
  })

  it('lets browsers call it cross-origin with the signature headers (no credentials)', async () => {
    const preflight = await fetch(`${agent.server.url}/v1/rentals/1/logs`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-weft-signature',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-weft-signature')
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull()
    const simple = await fetch(`${agent.server.url}/v1/offers`, {
      headers: { origin: 'https://app.example' },
    })
    expect(simple.headers.get('access-control-allow-origin')).toBe('*')
  })
})
