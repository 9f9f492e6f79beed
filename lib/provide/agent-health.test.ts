import { describe, expect, it } from 'vitest'
import { describeAgentHealth, findMarketProvider, type MarketProvider } from './agent-health'

const now = new Date('2026-01-01T12:00:00.000Z')
const provider = (overrides: Partial<MarketProvider> = {}): MarketProvider => ({
  address: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  endpoint: 'https://gpu.example.com',
  reachable: true,
  endpointRefused: null,
  lastPolledAt: '2026-01-01T11:59:50.000Z',
  lastOkAt: '2026-01-01T11:59:50.000Z',
  lastError: null,
  latencyMs: 6,
  reliability7d: 0.9875,
  reliability1h: 1,
  offerCount: 4,
  dropped: [],
  ...overrides,
})

describe('findMarketProvider', () => {
  it('finds the provider whatever the address case, and returns null when it is not listed', () => {
    const body = { providers: [{ ...provider(), providerId: 1, stake: '5', registeredAt: 'x' }] }
    expect(findMarketProvider(body, '0x976ea74026e726554db657fa54763abd0c3a0aa9')?.offerCount).toBe(4)
    expect(findMarketProvider(body, '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955')).toBeNull()
  })
})

describe('describeAgentHealth', () => {
  it('reports a reachable agent with its latency, offers and reliability', () => {
    const health = describeAgentHealth(provider(), now)
    expect(health.tone).toBe('ok')
    expect(health.headline).toBe('Online: answered the last poll 10 s ago in 6 ms, 4 offers listed.')
    expect(health.details).toEqual(['Reliability: 100 % over the last hour, 98.8 % over 7 days.'])
  })

  it('warns when a reachable agent lists nothing, and lists dropped offers', () => {
    const health = describeAgentHealth(
      provider({
        offerCount: 0,
        dropped: [{ reason: 'signature does not recover to the provider', count: 2 }],
      }),
      now,
    )
    expect(health.tone).toBe('warning')
    expect(health.details).toContain('2 offers dropped: signature does not recover to the provider.')
  })

  it('says when the agent stopped answering and why', () => {
    const health = describeAgentHealth(
      provider({
        reachable: false,
        lastOkAt: '2026-01-01T11:00:00.000Z',
        lastError: 'timeout after 3000 ms',
      }),
      now,
    )
    expect(health.tone).toBe('error')
    expect(health.headline).toBe('Unreachable: the last poll (10 s ago) failed, last answered 1 h ago.')
    expect(health.details[0]).toBe('Error: timeout after 3000 ms.')
  })

  it('explains a refused endpoint and an unlisted or unpolled provider', () => {
    expect(
      describeAgentHealth(provider({ endpointRefused: 'resolves to a private address' }), now),
    ).toMatchObject({
      tone: 'error',
      headline: 'The market refuses to poll this endpoint: resolves to a private address.',
    })
    expect(describeAgentHealth(null, now).tone).toBe('unknown')
    expect(describeAgentHealth(provider({ lastPolledAt: null, reliability1h: null }), now)).toMatchObject({
      tone: 'unknown',
      details: ['Reliability: not measured yet over the last hour, 98.8 % over 7 days.'],
    })
  })
})
