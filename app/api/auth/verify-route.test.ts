import { eq } from 'drizzle-orm'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { GET as nonceGET } from '@/app/api/auth/nonce/route'
import { GET as sessionGET } from '@/app/api/auth/session/route'
import { POST as verifyPOST } from '@/app/api/auth/verify/route'
import { issueNonce, NONCE_TTL_MS } from '@/lib/auth/nonces'
import { type Anvil, startAnvil } from '@/lib/chain/anvil'
import type { OpenDatabase } from '@/lib/db/database'
import { authNonces, sessions } from '@/lib/db/schema'
import {
  errorOf,
  get,
  post,
  rpcClient,
  setCookies,
  siweMessage,
  type TestContext,
  testConfig,
} from '@/test-support/auth/auth-test-kit'
import { openTestStore, STORE_KINDS } from '@/test-support/db/test-stores'

// The route modules read their context from getServerContext(); the tests hand them theirs.
const current = vi.hoisted(() => ({ context: undefined as unknown }))
vi.mock('@/lib/server/server-context', () => ({ getServerContext: async () => current.context }))

const account = privateKeyToAccount(generatePrivateKey())
let anvil: Anvil
beforeAll(async () => {
  anvil = await startAnvil()
}, 30_000)
afterAll(() => anvil?.stop())

describe.each(STORE_KINDS)('POST /api/auth/verify on %s', (kind) => {
  let store: OpenDatabase
  let ctx: TestContext
  beforeAll(async () => {
    store = await openTestStore(kind)
  }, 60_000)
  afterAll(() => store?.close())
  beforeEach(() => {
    ctx = { config: testConfig(), store, chain: rpcClient(anvil.rpcUrl) }
    current.context = ctx
  })

  /** What the browser does first: asks for a nonce, keeping the visitor cookie it is given. */
  async function begin(): Promise<{ nonce: string; cookie: string }> {
    const response = await nonceGET(get('/api/auth/nonce'))
    expect(response.status).toBe(200)
    const { nonce } = (await response.json()) as { nonce: string }
    return { nonce, cookie: `weft_visitor=${setCookies(response).values.weft_visitor}` }
  }

  async function verify(message: string, signature: string, cookie: string) {
    return verifyPOST(post('/api/auth/verify', { message, signature }, { cookie }))
  }

  async function signedBy(nonce: string, overrides: Parameters<typeof siweMessage>[2] = {}) {
    const message = siweMessage(account, nonce, overrides)
    return { message, signature: await account.signMessage({ message }) }
  }

  async function expectRefused(response: Response, status: number, reason?: string) {
    expect(response.status).toBe(status)
    expect(setCookies(response).values.weft_session).toBeUndefined()
    const error = await errorOf(response)
    expect(error.message).toMatch(/^[A-Z].+\.$/)
    expect(error.message).not.toMatch(/\n\s+at /)
    if (reason) expect(error.reason).toBe(reason)
    return error
  }

  it('signs in: nonce, signed message, session cookie; /session then answers the address', async () => {
    const { nonce, cookie } = await begin()
    const nonceResponse = await nonceGET(get('/api/auth/nonce', cookie))
    expect(nonceResponse.headers.get('cache-control')).toBe('no-store')
    expect(setCookies(nonceResponse).values.weft_visitor).toBe(cookie.split('=')[1])
    const { message, signature } = await signedBy(nonce, { issuedAt: new Date(Date.now() + 30_000) })
    const response = await verify(message, signature, cookie)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ address: account.address, chainId: 31337 })
    const token = setCookies(response).values.weft_session
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const session = await sessionGET(get('/api/auth/session', `weft_session=${token}`))
    expect(await session.json()).toEqual({ address: account.address, chainId: 31337 })
    const rows = await store.db.select().from(sessions).where(eq(sessions.address, account.address))
    expect(rows.map((r) => r.id)).not.toContain(token)
  })

  it.each([
    ['another domain', { domain: 'weft.example' }, 'domain_mismatch'],
    ['another domain (a port away)', { domain: 'localhost:3001' }, 'domain_mismatch'],
    ['another scheme', { scheme: 'https' }, 'scheme_mismatch'],
    ['no scheme, which means https', { scheme: undefined }, 'scheme_mismatch'],
    ['another URI origin', { uri: 'https://localhost:3000/' }, 'uri_mismatch'],
    ['a URI on another site', { uri: 'http://evil.example/localhost:3000' }, 'uri_mismatch'],
    ['a chain the app does not serve', { chainId: 1 }, 'chain_mismatch'],
    ['an issue time in the future', { issuedAt: new Date(Date.now() + 5 * 60_000) }, 'issued_in_future'],
    ['an expiration time passed', { expirationTime: new Date(Date.now() - 1000) }, 'expired'],
    ['a not-before time to come', { notBefore: new Date(Date.now() + 5 * 60_000) }, 'not_yet_valid'],
  ] as const)(
    'refuses a validly signed message with %s: 401, no session, nonce burnt',
    async (_, overrides, reason) => {
      const { nonce, cookie } = await begin()
      const bad = await signedBy(nonce, overrides)
      await expectRefused(await verify(bad.message, bad.signature, cookie), 401, reason)
      const good = await signedBy(nonce)
      await expectRefused(await verify(good.message, good.signature, cookie), 401, 'nonce_replayed')
    },
  )

  it('refuses a replayed message', async () => {
    const { nonce, cookie } = await begin()
    const { message, signature } = await signedBy(nonce)
    expect((await verify(message, signature, cookie)).status).toBe(200)
    await expectRefused(await verify(message, signature, cookie), 401, 'nonce_replayed')
  })

  it('refuses a nonce never issued', async () => {
    const { cookie } = await begin()
    const { message, signature } = await signedBy('0123456789abcdef0123456789abcdef')
    await expectRefused(await verify(message, signature, cookie), 401, 'nonce_unknown')
  })

  it('refuses a nonce issued to another visitor, or sent without the visitor cookie, and burns it', async () => {
    const victim = await begin()
    const attacker = await begin()
    const { message, signature } = await signedBy(victim.nonce)
    await expectRefused(await verify(message, signature, attacker.cookie), 401, 'nonce_other_visitor')
    await expectRefused(await verify(message, signature, victim.cookie), 401, 'nonce_replayed')
    const other = await begin()
    const second = await signedBy(other.nonce)
    await expectRefused(await verify(second.message, second.signature, ''), 401, 'nonce_other_visitor')
  })

  it('refuses a nonce older than its ten minutes, and burns it', async () => {
    const { cookie } = await begin()
    const visitor = cookie.split('=')[1] ?? ''
    const nonce = await issueNonce(store.db, visitor, new Date(Date.now() - NONCE_TTL_MS - 1000))
    const { message, signature } = await signedBy(nonce)
    await expectRefused(await verify(message, signature, cookie), 401, 'nonce_expired')
    const [row] = await store.db.select().from(authNonces).where(eq(authNonces.nonce, nonce))
    expect(row?.consumedAt).toBeInstanceOf(Date)
  })

  it.each([
    [
      'a wrong signature (another account’s)',
      async (m: string) => privateKeyToAccount(generatePrivateKey()).signMessage({ message: m }),
    ],
    ['a truncated signature', async (m: string) => (await account.signMessage({ message: m })).slice(0, 100)],
    [
      'a signature with a flipped byte',
      async (m: string) => {
        const signature = await account.signMessage({ message: m })
        const flipped = (Number.parseInt(signature.slice(60, 62), 16) ^ 0xff).toString(16).padStart(2, '0')
        return `${signature.slice(0, 60)}${flipped}${signature.slice(62)}`
      },
    ],
    ['a non-hex signature', async () => `0x${'zz'.repeat(65)}`],
    ['an odd-length signature', async (m: string) => `${await account.signMessage({ message: m })}0`],
    ['an empty signature', async () => ''],
  ])('refuses %s: 401 without a stack trace', async (_, sign) => {
    const { nonce, cookie } = await begin()
    const { message } = await signedBy(nonce)
    const error = await expectRefused(await verify(message, await sign(message), cookie), 401)
    expect(['signature_invalid', 'signature_malformed']).toContain(error.reason)
  })

  it('refuses bodies that are not { message, signature } strings: 400', async () => {
    const { cookie } = await begin()
    for (const body of ['not json', '{"message":"x"}', '{"message":1,"signature":"0x"}', '[]']) {
      const response = await verifyPOST(post('/api/auth/verify', body, { cookie }))
      expect(response.status, body).toBe(400)
    }
  })
})
