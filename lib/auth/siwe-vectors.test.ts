import { eq } from 'drizzle-orm'
import { type Address, recoverMessageAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Anvil, startAnvil } from '@/lib/chain/anvil'
import type { OpenDatabase } from '@/lib/db/database'
import { authNonces } from '@/lib/db/schema'
import { rpcClient, testConfig } from '@/test-support/auth/auth-test-kit'
import { openTestStore, STORE_KINDS } from '@/test-support/db/test-stores'
import negative from './fixtures/verification_negative.json'
import positive from './fixtures/verification_positive.json'
import { NONCE_TTL_MS } from './nonces'
import { newToken } from './session-cookie'
import { signInError, verifySignIn } from './siwe'

type Vector = {
  domain: string
  address: string
  statement?: string
  uri: string
  version: string
  chainId: number
  nonce: string
  issuedAt: string
  expirationTime?: string
  notBefore?: string
  signature: string
  time?: string
  domainBinding?: string
  matchNonce?: string
}

/** The EIP-4361 text of a vector, from its raw field strings (dates exactly as written). */
function messageOf(v: Vector): string {
  const lines = [`${v.domain} wants you to sign in with your Ethereum account:`, v.address, '']
  if (v.statement) lines.push(v.statement, '')
  else lines.push('')
  lines.push(`URI: ${v.uri}`, `Version: ${v.version}`, `Chain ID: ${v.chainId}`, `Nonce: ${v.nonce}`)
  lines.push(`Issued At: ${v.issuedAt}`)
  if (v.expirationTime) lines.push(`Expiration Time: ${v.expirationTime}`)
  if (v.notBefore) lines.push(`Not Before: ${v.notBefore}`)
  return lines.join('\n')
}

describe('the vectors', () => {
  it.each(Object.entries(positive))('the text rebuilt for "%s" is what its address signed', async (_, v) => {
    const recovered = await recoverMessageAddress({
      message: messageOf(v),
      signature: v.signature as Address,
    })
    expect(recovered).toBe(v.address)
  })

  it('covers every vector in the fixtures', () => {
    expect(Object.keys(positive)).toHaveLength(4)
    expect(Object.keys(negative)).toHaveLength(10)
  })
})

let anvil: Anvil
beforeAll(async () => {
  anvil = await startAnvil()
}, 30_000)
afterAll(() => anvil?.stop())

describe.each(STORE_KINDS)('spruceid/siwe verification vectors on %s', (kind) => {
  let store: OpenDatabase
  const visitor = newToken()
  beforeAll(async () => {
    store = await openTestStore(kind)
  }, 60_000)
  afterAll(() => store?.close())

  /** Verifies a vector as of its own `time`, its nonce freshly issued to our visitor unless `plant` is false. */
  async function check(v: Vector, appOrigin: string, plant = true) {
    const now = v.time ? new Date(v.time) : new Date()
    await store.db.delete(authNonces).where(eq(authNonces.nonce, v.nonce))
    if (plant)
      await store.db
        .insert(authNonces)
        .values({ nonce: v.nonce, visitor, expiresAt: new Date(now.getTime() + NONCE_TTL_MS) })
    const ctx = { config: testConfig({ appOrigin, chainId: 1 }), store, chain: rpcClient(anvil.rpcUrl) }
    return verifySignIn(ctx, { message: messageOf(v), signature: v.signature, visitor }, now)
  }

  it.each([
    ['example message', { ok: true }],
    ['not yet valid', { ok: true }],
    // Issued in 2022 but checked "in 2020": spruce allows it, a message issued in the future is refused here.
    ['expired message', { ok: false, reason: 'issued_in_future' }],
    // Domain www.tally.xyz, URI https://tally.xyz: the URI is not on the signing site's origin.
    ['recovery byte starting at 0', { ok: false, reason: 'uri_mismatch' }],
  ] as const)('verifies "%s" as a verifier for its own domain does', async (name, outcome) => {
    const v = positive[name]
    expect(await check(v, `https://${v.domain}`)).toMatchObject(outcome)
  })

  it.each(Object.keys(positive))(
    'refuses the positive vector "%s" for its domain alone when configured for weft.example',
    async (name) => {
      const v = positive[name as keyof typeof positive]
      const result = await check(v, 'https://weft.example')
      expect(result).toEqual({ ok: false, reason: 'domain_mismatch' })
      if (!result.ok) expect(signInError(result).code).toBe('unauthorized')
    },
  )

  it.each([
    ['expired message', 'expired', 401],
    ['domain binding', 'domain_mismatch', 401],
    ['custom time', 'expired', 401],
    ['custom nonce', 'nonce_unknown', 401],
    ['malformed signature', 'signature_malformed', 401],
    ['wrong signature', 'signature_invalid', 401],
    ['not yet valid', 'not_yet_valid', 401],
    ['invalid issuedAt', 'malformed_message', 400],
    ['invalid notBefore', 'malformed_message', 400],
    ['invalid expirationTime', 'malformed_message', 400],
  ] as const)('refuses the negative vector "%s": %s, %i', async (name, reason, status) => {
    const v: Vector = negative[name]
    const result = await check(v, `https://${v.domainBinding ?? v.domain}`, v.matchNonce === undefined)
    expect(result).toMatchObject({ ok: false, reason })
    if (!result.ok) expect(signInError(result).code).toBe(status === 400 ? 'invalid' : 'unauthorized')
  })
})
