import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  type AccessGrant,
  issueAccessToken,
  loadOrCreateTokenSecret,
  verifyAccessToken,
} from './access-token'

const secret = Buffer.alloc(32, 7)
const renter = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const grant: AccessGrant = { rentalId: 42n, renter, scopes: ['terminal', 'files'], expiresAt: 1_000 }
const at = (scope: 'terminal' | 'ports' | 'files', nowSeconds = 999, rentalId = 42n) => ({
  rentalId,
  scope,
  nowSeconds,
})

describe('access tokens', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('carries its grant back to the agent that issued it', () => {
    const token = issueAccessToken(secret, grant)
    expect(verifyAccessToken(secret, token, at('terminal'))).toEqual({ ok: true, grant })
    expect(verifyAccessToken(secret, token, at('files'))).toMatchObject({ ok: true })
  })

  it('refuses a token past its expiry, for another rental or outside its scopes', () => {
    const token = issueAccessToken(secret, grant)
    expect(verifyAccessToken(secret, token, at('terminal', 1_000))).toEqual({ ok: false, reason: 'expired' })
    expect(verifyAccessToken(secret, token, at('terminal', 999, 43n))).toEqual({
      ok: false,
      reason: 'other_rental',
    })
    expect(verifyAccessToken(secret, token, at('ports'))).toEqual({ ok: false, reason: 'scope' })
  })

  it('refuses a token another agent issued, or whose payload was changed', () => {
    const token = issueAccessToken(secret, grant)
    expect(verifyAccessToken(Buffer.alloc(32, 8), token, at('terminal'))).toEqual({
      ok: false,
      reason: 'tampered',
    })
    const [prefix, , signature] = token.split('.')
    const forged = Buffer.from(
      JSON.stringify({ rental: '42', renter, scopes: ['ports'], exp: 9e9 }),
    ).toString('base64url')
    expect(verifyAccessToken(secret, `${prefix}.${forged}.${signature}`, at('ports'))).toEqual({
      ok: false,
      reason: 'tampered',
    })
    const flipped = `${token.slice(0, -2)}${token.endsWith('AA') ? 'AB' : 'AA'}`
    expect(verifyAccessToken(secret, flipped, at('terminal'))).toMatchObject({ ok: false })
  })

  it('refuses what is not a token at all', () => {
    for (const bad of ['', 'wat1', 'wat1..', 'wat2.e30.x', `wat1.e30.${'A'.repeat(43)}`, 'a.b.c.d']) {
      expect(verifyAccessToken(secret, bad, at('terminal')).ok).toBe(false)
    }
  })

  it('keeps one secret per agent, owner-only, across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-token-'))
    dirs.push(dir)
    const first = loadOrCreateTokenSecret(dir)
    expect(first).toHaveLength(32)
    expect(loadOrCreateTokenSecret(dir)).toEqual(first)
    expect(statSync(join(dir, 'access', 'token-secret')).mode & 0o777).toBe(0o600)
    writeFileSync(join(dir, 'access', 'token-secret'), 'short')
    expect(() => loadOrCreateTokenSecret(dir)).toThrow(/exactly 32 bytes/)
  })
})
