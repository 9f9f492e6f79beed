import { eq } from 'drizzle-orm'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { GET as logoutGET, POST as logoutPOST } from '@/app/api/auth/logout/route'
import { GET as nonceGET } from '@/app/api/auth/nonce/route'
import { GET as sessionGET } from '@/app/api/auth/session/route'
import { POST as verifyPOST } from '@/app/api/auth/verify/route'
import { SESSION_TTL_SECONDS } from '@/lib/auth/session-cookie'
import { createSession, getSession, requireSession, sessionMatches } from '@/lib/auth/sessions'
import type { OpenDatabase } from '@/lib/db/database'
import { sessions } from '@/lib/db/schema'
import { ApiError } from '@/lib/server/api-error'
import type { ServerConfig } from '@/lib/server/server-config'
import {
  countingClient,
  get,
  post,
  setCookies,
  siweMessage,
  testConfig,
} from '@/test-support/auth/auth-test-kit'
import { openTestStore, STORE_KINDS } from '@/test-support/db/test-stores'

const current = vi.hoisted(() => ({ context: undefined as unknown }))
vi.mock('@/lib/server/server-context', () => ({ getServerContext: async () => current.context }))

const account = privateKeyToAccount(generatePrivateKey())
const PRODUCTION = { appOrigin: 'https://weft.example', production: true }

describe.each(STORE_KINDS)('session cookie and routes on %s', (kind) => {
  let store: OpenDatabase
  let config: ServerConfig
  beforeAll(async () => {
    store = await openTestStore(kind)
  }, 60_000)
  afterAll(() => store?.close())
  beforeEach(() => use(testConfig()))

  function use(next: ServerConfig) {
    config = next
    // Ordinary accounts sign in without the chain; any RPC here would be a bug.
    current.context = { config, store, chain: countingClient().client }
  }

  /** Signs in through the routes as the browser does; returns the Set-Cookie lines and values. */
  async function signIn(previous = ''): Promise<{ lines: string[]; values: Record<string, string> }> {
    const nonceResponse = await nonceGET(get('/api/auth/nonce'))
    const { nonce } = (await nonceResponse.json()) as { nonce: string }
    const visitor = setCookies(nonceResponse)
    const app = new URL(config.appOrigin)
    const message = siweMessage(account, nonce, {
      scheme: app.protocol.slice(0, -1),
      domain: app.host,
      uri: app.origin,
    })
    const request = post(
      '/api/auth/verify',
      { message, signature: await account.signMessage({ message }) },
      {
        cookie: [previous, ...visitor.lines.map((l) => l.split(';')[0])].join('; '),
        origin: config.appOrigin,
      },
    )
    const response = await verifyPOST(request)
    expect(response.status).toBe(200)
    const session = setCookies(response)
    return { lines: [...visitor.lines, ...session.lines], values: { ...visitor.values, ...session.values } }
  }

  /** Whether the cookie names a live session: the route answers 200 with the session, or with null. */
  const signedIn = async (cookie: string) =>
    (await (await sessionGET(get('/api/auth/session', cookie))).json()) !== null

  it('sets httpOnly, SameSite=Lax, Path=/ cookies for twelve hours, without Secure over http', async () => {
    const { lines, values } = await signIn()
    expect(Object.keys(values).sort()).toEqual(['weft_session', 'weft_visitor'])
    for (const line of lines) {
      expect(line).toMatch(/; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/)
      expect(line).not.toMatch(/Domain=|Secure/)
    }
    expect(lines.find((l) => l.startsWith('weft_session='))).toContain(`Max-Age=${SESSION_TTL_SECONDS}`)
  })

  it('uses __Host- names and Secure in production, and reads only the __Host- cookie', async () => {
    use(testConfig(PRODUCTION))
    const { lines, values } = await signIn()
    expect(Object.keys(values).sort()).toEqual(['__Host-weft_session', '__Host-weft_visitor'])
    for (const line of lines) expect(line).toMatch(/; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/)
    const token = values['__Host-weft_session']
    expect(await signedIn(`__Host-weft_session=${token}`)).toBe(true)
    expect(await signedIn(`weft_session=${token}`)).toBe(false)
  })

  it.each([
    ['tampered with', (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`],
    ['cut short', (token: string) => token.slice(0, 20)],
    ['garbage', () => '%00%0d%0a../../<script>'],
    ['very long', (token: string) => token.repeat(200)],
    ['unknown', () => 'x'.repeat(43)],
  ])('answers null and clears a session cookie %s, never 500', async (_, alter) => {
    const { values } = await signIn()
    const response = await sessionGET(
      get('/api/auth/session', `weft_session=${alter(values.weft_session ?? '')}`),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toBeNull()
    expect(response.headers.getSetCookie()).toEqual([
      'weft_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax',
    ])
  })

  it('answers null, clears the cookie and deletes the row of an expired session', async () => {
    const someone = privateKeyToAccount(generatePrivateKey()).address
    const past = new Date(Date.now() - SESSION_TTL_SECONDS * 1000 - 1000)
    const { token } = await createSession({ config, store }, { address: someone, chainId: 31337 }, past)
    const rows = () => store.db.select().from(sessions).where(eq(sessions.address, someone))
    expect(await rows()).toHaveLength(1)
    const response = await sessionGET(get('/api/auth/session', `weft_session=${token}`))
    expect(await response.json()).toBeNull()
    expect(response.headers.getSetCookie()[0]).toMatch(/^weft_session=; .*Max-Age=0/)
    expect(await rows()).toEqual([])
  })

  it('answers 200 with null (no console error in browsers) without touching cookies when none is sent', async () => {
    const response = await sessionGET(get('/api/auth/session'))
    expect(response.status).toBe(200)
    expect(await response.json()).toBeNull()
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it('ends the session on a same-origin JSON logout, and only then', async () => {
    const { values } = await signIn()
    const cookie = `weft_session=${values.weft_session}`
    const get405 = await logoutGET()
    expect(get405.status).toBe(405)
    expect(get405.headers.get('allow')).toBe('POST')
    const refused = [
      await logoutPOST(post('/api/auth/logout', {}, { cookie, origin: 'https://evil.example' })),
      await logoutPOST(
        post('/api/auth/logout', 'a=b', { cookie, contentType: 'application/x-www-form-urlencoded' }),
      ),
    ]
    expect(refused.map((r) => r.status)).toEqual([403, 415])
    expect(await signedIn(cookie)).toBe(true)
    const response = await logoutPOST(post('/api/auth/logout', {}, { cookie }))
    expect(response.status).toBe(204)
    expect(response.headers.getSetCookie()[0]).toMatch(/^weft_session=; .*Max-Age=0/)
    expect(await signedIn(cookie)).toBe(false)
  })

  it('ends the previous session when the browser signs in again', async () => {
    const first = `weft_session=${(await signIn()).values.weft_session}`
    const again = `weft_session=${(await signIn(first)).values.weft_session}`
    expect(again).not.toBe(first)
    expect(await signedIn(again)).toBe(true)
    expect(await signedIn(first)).toBe(false)
  })

  it('gives routes the session through requireSession and server components through getSession', async () => {
    const { values } = await signIn()
    const request = get('/api/rentals', `other=1; weft_session=${values.weft_session}`)
    expect(await requireSession(request, { config, store })).toEqual({
      address: account.address,
      chainId: 31337,
    })
    const jar = {
      get: (name: string) => (name === 'weft_session' ? { value: values.weft_session ?? '' } : undefined),
    }
    expect(await getSession(jar, { config, store })).toEqual({ address: account.address, chainId: 31337 })
    await expect(requireSession(get('/api/rentals'), { config, store })).rejects.toMatchObject({
      code: 'unauthorized',
    })
    await expect(requireSession(get('/api/rentals'), { config, store })).rejects.toBeInstanceOf(ApiError)
  })

  it('drops a session made for a chain the app no longer serves', async () => {
    const { values } = await signIn()
    use(testConfig({ chainId: 8453 }))
    expect(await signedIn(`weft_session=${values.weft_session}`)).toBe(false)
  })
})

describe('sessionMatches', () => {
  const session = { address: account.address, chainId: 31337 }

  it('lets a session act only for its own address, however it is written', () => {
    expect(sessionMatches(session, account.address)).toBe(true)
    expect(sessionMatches(session, account.address.toLowerCase())).toBe(true)
    expect(sessionMatches(session, privateKeyToAccount(generatePrivateKey()).address)).toBe(false)
    expect(sessionMatches(session, 'not an address')).toBe(false)
    expect(sessionMatches(undefined, account.address)).toBe(false)
  })
})
