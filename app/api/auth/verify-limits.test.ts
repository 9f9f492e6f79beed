import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { GET as nonceGET } from '@/app/api/auth/nonce/route'
import { POST as verifyPOST } from '@/app/api/auth/verify/route'
import negative from '@/lib/auth/fixtures/parsing_negative.json'
import type { OpenDatabase } from '@/lib/db/database'
import {
  APP_ORIGIN,
  countingClient,
  errorOf,
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

describe.each(STORE_KINDS)('what POST /api/auth/verify refuses before verifying, on %s', (kind) => {
  let store: OpenDatabase
  let rpc: ReturnType<typeof countingClient>
  beforeAll(async () => {
    store = await openTestStore(kind)
  }, 60_000)
  afterAll(() => store?.close())
  beforeEach(() => {
    // No test here may reach the chain: every request it sees fails, and is counted.
    rpc = countingClient()
    current.context = { config: testConfig(), store, chain: rpc.client }
  })

  async function begin(): Promise<{ nonce: string; cookie: string }> {
    const response = await nonceGET(get('/api/auth/nonce'))
    const { nonce } = (await response.json()) as { nonce: string }
    return { nonce, cookie: `weft_visitor=${setCookies(response).values.weft_visitor}` }
  }

  const verify = (body: unknown, cookie: string) => verifyPOST(post('/api/auth/verify', body, { cookie }))

  it('answers 413 to a 1 MB message, a long message and thousands of resources, leaving the nonce unused', async () => {
    const { nonce, cookie } = await begin()
    const good = siweMessage(account, nonce)
    const huge = `${good}\nResources:${'\n- https://localhost:3000/x'.repeat(40_000)}`
    expect(huge.length).toBeGreaterThan(1024 * 1024)
    const padded = siweMessage(account, nonce, { statement: 'a'.repeat(9000) })
    const listed = siweMessage(account, nonce, { resources: Array.from({ length: 1000 }, () => 'a:b') })
    const cases = [
      [huge, undefined],
      [padded, 'message_too_large'],
      [listed, 'too_many_resources'],
    ] as const
    for (const [message, reason] of cases) {
      const response = await verify({ message, signature: await account.signMessage({ message }) }, cookie)
      expect(response.status).toBe(413)
      const error = await errorOf(response)
      expect(error.code).toBe('payload_too_large')
      if (reason) expect(error.reason).toBe(reason)
    }
    // Nothing was parsed, so the nonce is still good, and an EOA signs in without any RPC.
    const response = await verify(
      { message: good, signature: await account.signMessage({ message: good }) },
      cookie,
    )
    expect(response.status).toBe(200)
    expect(rpc.calls()).toBe(0)
  })

  it('answers 413 to a body streamed past 16 KiB without a Content-Length', async () => {
    const { cookie } = await begin()
    const chunk = new TextEncoder().encode(' '.repeat(4096))
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 100) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const request = new Request(`${APP_ORIGIN}/api/auth/verify`, {
      method: 'POST',
      headers: { origin: APP_ORIGIN, 'content-type': 'application/json', cookie },
      body,
      duplex: 'half',
    } as RequestInit)
    const response = await verifyPOST(request)
    expect(response.status).toBe(413)
    expect(sent).toBeLessThan(10)
  })

  it.each(Object.entries(negative))('answers 400 to the malformed vector "%s"', async (_, message) => {
    const { cookie } = await begin()
    const response = await verify({ message, signature: await account.signMessage({ message }) }, cookie)
    expect(response.status).toBe(400)
    expect(setCookies(response).values.weft_session).toBeUndefined()
    const error = await errorOf(response)
    expect(error.reason).toBe('malformed_message')
    expect(error.message).toMatch(/^The sign-in message is not a valid EIP-4361 message: .+\.$/)
  })

  it('burns the nonce of a malformed message all the same', async () => {
    const { nonce, cookie } = await begin()
    const good = siweMessage(account, nonce)
    const broken = good.replace(account.address, account.address.toLowerCase())
    expect((await verify({ message: broken, signature: '0x00' }, cookie)).status).toBe(400)
    const response = await verify(
      { message: good, signature: await account.signMessage({ message: good }) },
      cookie,
    )
    expect((await errorOf(response)).reason).toBe('nonce_replayed')
  })

  it('refuses cross-site and non-JSON posts before reading them', async () => {
    const { nonce, cookie } = await begin()
    const message = siweMessage(account, nonce)
    const body = { message, signature: await account.signMessage({ message }) }
    const attempts = [
      [{ origin: 'https://evil.example' }, 403],
      [{ origin: 'http://localhost:3000.evil.example' }, 403],
      [{ origin: null }, 403],
      [{ origin: 'https://evil.example', contentType: 'application/x-www-form-urlencoded' }, 403],
      [{ contentType: 'text/plain' }, 415],
      [{ contentType: 'multipart/form-data; boundary=x' }, 415],
      [{ method: 'PUT' }, 405],
    ] as const
    for (const [options, status] of attempts) {
      const response = await verifyPOST(post('/api/auth/verify', body, { cookie, ...options }))
      expect(response.status, JSON.stringify(options)).toBe(status)
      if (status === 405) expect(response.headers.get('allow')).toBe('POST')
    }
    // None of them touched the nonce.
    expect((await verify(body, cookie)).status).toBe(200)
  })
})
