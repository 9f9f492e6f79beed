import { stringToBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { NonceCache } from './nonce-cache'
import {
  AGENT_REQUEST_HEADERS,
  canonicalAgentRequest,
  signAgentRequest,
  verifyAgentRequest,
} from './request-signing'

// Anvil's first two well-known dev keys.
const operator = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
const other = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')

const origin = 'https://gpu-1.example.com:8443'
const url = `${origin}/v1/rentals/42/logs?after=10&limit=5`
const now = 1_767_225_600_000
const body = '{"command":["nvidia-smi"]}'

type Request = { origin?: string; method?: string; url?: string; body?: string | Uint8Array; now?: number }

async function verify(headers: Record<string, string>, request: Request = {}, nonces = fresh()) {
  return verifyAgentRequest({
    origin: request.origin ?? origin,
    method: request.method ?? 'POST',
    url: request.url ?? url,
    headers: new Headers(headers),
    body: 'body' in request ? request.body : body,
    nonces,
    now: request.now ?? now,
  })
}
const fresh = () => new NonceCache({ windowSeconds: 60 })
const sign = (overrides: { now?: number } = {}) =>
  signAgentRequest({ signer: operator, url, method: 'post', body, now: overrides.now ?? now })

describe('signed agent requests', () => {
  it('round-trips: the verifier recovers the signer', async () => {
    const headers = await sign()
    expect(Object.keys(headers).sort()).toEqual(Object.values(AGENT_REQUEST_HEADERS).sort())
    expect(headers['x-weft-nonce']).toMatch(/^[0-9a-f]{32}$/)
    expect(await verify(headers)).toEqual({ ok: true, address: operator.address })
    // The body may be given as bytes just as well.
    expect(await verify(headers, { body: stringToBytes(body) }, fresh())).toMatchObject({ ok: true })
  })

  it('signs the documented canonical text', () => {
    const text = canonicalAgentRequest({
      origin: 'HTTPS://GPU-1.example.com:443/ignored',
      method: 'GET',
      path: '/v1/rentals/1',
      timestamp: 1767225600,
      nonce: '00'.repeat(16),
    })
    expect(text).toBe(
      [
        'Weft agent request',
        'origin: https://gpu-1.example.com',
        'method: GET',
        'path: /v1/rentals/1',
        'timestamp: 1767225600',
        `nonce: ${'00'.repeat(16)}`,
        'body-sha256: 0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    )
  })

  it.each<[string, Request]>([
    ['method', { method: 'GET' }],
    ['path', { url: `${origin}/v1/rentals/43/logs?after=10&limit=5` }],
    ['query', { url: `${origin}/v1/rentals/42/logs?after=0&limit=5` }],
    ['body', { body: '{"command":["rm","-rf","/"]}' }],
    ['empty body', { body: undefined }],
    ['origin (another agent)', { origin: 'https://gpu-2.example.com:8443' }],
    ['origin port', { origin: 'https://gpu-1.example.com:8444' }],
    ['origin scheme', { origin: 'http://gpu-1.example.com:8443' }],
  ])('fails when the %s differs', async (_, request) => {
    expect(await verify(await sign(), request)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('fails when the timestamp header is altered', async () => {
    const headers = await sign()
    const altered = { ...headers, 'x-weft-timestamp': String(Number(headers['x-weft-timestamp']) + 1) }
    expect(await verify(altered)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('fails when the claimed address is someone else', async () => {
    const headers = { ...(await sign()), 'x-weft-address': other.address }
    expect(await verify(headers)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('accepts within 60 s either way and refuses beyond, as stale', async () => {
    const headers = await sign()
    expect(await verify(headers, { now: now + 60_000 })).toMatchObject({ ok: true })
    expect(await verify(headers, { now: now - 60_000 })).toMatchObject({ ok: true })
    expect(await verify(headers, { now: now + 61_000 })).toEqual({ ok: false, reason: 'stale' })
    expect(await verify(headers, { now: now - 61_000 })).toEqual({ ok: false, reason: 'stale' })
  })

  it('refuses a replay, even one that arrives concurrently', async () => {
    const nonces = fresh()
    const headers = await sign()
    expect(await verify(headers, {}, nonces)).toMatchObject({ ok: true })
    expect(await verify(headers, {}, nonces)).toEqual({ ok: false, reason: 'replayed' })
    const twice = await sign()
    const results = await Promise.all([verify(twice, {}, nonces), verify(twice, {}, nonces)])
    expect(results.map((r) => r.ok).sort()).toEqual([false, true])
  })

  it('does not let a bad signature burn the nonce', async () => {
    const nonces = fresh()
    const headers = await sign()
    const forged = { ...headers, 'x-weft-signature': (await sign())['x-weft-signature'] }
    expect(await verify(forged, {}, nonces)).toEqual({ ok: false, reason: 'bad_signature' })
    expect(await verify(headers, {}, nonces)).toMatchObject({ ok: true })
  })

  it('reports missing headers', async () => {
    const { 'x-weft-signature': _, ...unsigned } = await sign()
    expect(await verify(unsigned)).toEqual({ ok: false, reason: 'missing' })
    expect(await verify({})).toEqual({ ok: false, reason: 'missing' })
  })

  it.each<[string, Record<string, string>]>([
    ['a truncated signature', { 'x-weft-signature': '0x1234' }],
    ['a non-hex signature', { 'x-weft-signature': `0x${'zz'.repeat(65)}` }],
    ['a signature without 0x', { 'x-weft-signature': 'ab'.repeat(65) }],
    ['a short nonce', { 'x-weft-nonce': 'abcd' }],
    ['an upper-case nonce', { 'x-weft-nonce': 'AB'.repeat(16) }],
    ['a non-numeric timestamp', { 'x-weft-timestamp': '1767225600.5' }],
    ['a bad address', { 'x-weft-address': '0x1234' }],
    ['two signatures', { 'x-weft-signature': `0x${'ab'.repeat(65)}, 0x${'ab'.repeat(65)}` }],
  ])('calls %s malformed', async (_, override) => {
    const headers = { ...(await sign()), ...override }
    expect(await verify(headers)).toEqual({ ok: false, reason: 'malformed' })
  })

  it.each([
    ['all zeros', `0x${'00'.repeat(65)}`],
    ['an impossible recovery byte', `0x${'11'.repeat(64)}ff`],
    ['all ones', `0x${'ff'.repeat(65)}`],
    ['a compact 64 bytes of junk', `0x${'ab'.repeat(64)}`],
  ])('calls a well-formed but wrong signature (%s) bad, without throwing', async (_, signature) => {
    const headers = { ...(await sign()), 'x-weft-signature': signature }
    expect(await verify(headers)).toEqual({ ok: false, reason: 'bad_signature' })
  })
})
