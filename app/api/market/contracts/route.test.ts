import { afterEach, describe, expect, it, vi } from 'vitest'
import { GET } from './route'

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('GET /api/market/contracts', () => {
  it('answers the configured chain and addresses, checksummed', async () => {
    vi.stubEnv('CHAIN_ID', '84532')
    vi.stubEnv('MARKET_ADDRESS', '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512')
    vi.stubEnv('TOKEN_ADDRESS', '0x036cbd53842c5426634e7929541ec2318f3dcf7e')
    const response = await GET()
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      chainId: 84532,
      market: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
      token: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
    })
  })

  it('answers 503 with a sentence when the chain has no deployment', async () => {
    vi.stubEnv('CHAIN_ID', '999999')
    vi.stubEnv('MARKET_ADDRESS', undefined)
    vi.stubEnv('TOKEN_ADDRESS', undefined)
    const response = await GET()
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({
      error: { code: 'unavailable', message: 'The market is not deployed yet.' },
    })
  })
})
