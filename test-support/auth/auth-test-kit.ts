import { type Address, createPublicClient, custom, http, type PublicClient } from 'viem'
import { type CreateSiweMessageParameters, createSiweMessage } from 'viem/siwe'
import type { Database } from '@/lib/db/database'
import type { ServerConfig } from '@/lib/server/server-config'

// Shared by the auth tests: a server configuration, requests as a browser sends them, SIWE messages.

export const APP_ORIGIN = 'http://localhost:3000'
export const CHAIN_ID = 31337

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    dataDir: '/nonexistent',
    rpcUrl: 'http://127.0.0.1:1',
    chainId: CHAIN_ID,
    market: '0x0000000000000000000000000000000000000001',
    token: '0x0000000000000000000000000000000000000002',
    deployBlock: 0n,
    appOrigin: APP_ORIGIN,
    allowLoopback: false,
    background: false,
    production: false,
    trustedProxyHops: 0,
    // The route tests sign in dozens of times a second from one address; rate-limit tests set rules.
    rateLimits: {},
    ...overrides,
  }
}

export type TestContext = { config: ServerConfig; store: { db: Database }; chain: PublicClient }

export function rpcClient(url: string): PublicClient {
  return createPublicClient({ transport: http(url, { retryCount: 0, timeout: 15_000 }) })
}

/** A chain client that counts its requests and answers none: proves a path made no RPC. */
export function countingClient(): { client: PublicClient; calls: () => number } {
  let calls = 0
  const client = createPublicClient({
    transport: custom({
      request: async () => {
        calls++
        throw new Error('no RPC expected here')
      },
    }),
  })
  return { client, calls: () => calls }
}

/** The `name=value` pairs a response sets, and the raw Set-Cookie lines. */
export function setCookies(response: Response): { lines: string[]; values: Record<string, string> } {
  const lines = response.headers.getSetCookie()
  const values: Record<string, string> = {}
  for (const line of lines) {
    const [pair = ''] = line.split(';')
    const at = pair.indexOf('=')
    values[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return { lines, values }
}

export function get(path: string, cookie?: string): Request {
  return new Request(`${APP_ORIGIN}${path}`, { headers: cookie ? { cookie } : {} })
}

type PostOptions = { cookie?: string; origin?: string | null; contentType?: string; method?: string }

/** A POST as the app's own page sends it; each option overrides one header to play an attacker. */
export function post(path: string, body: unknown, options: PostOptions = {}): Request {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' }
  if (options.origin !== null) headers.origin = options.origin ?? APP_ORIGIN
  if (options.cookie) headers.cookie = options.cookie
  return new Request(`${APP_ORIGIN}${path}`, {
    method: options.method ?? 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** An EIP-4361 message for this app, as the browser's RainbowKit adapter builds it. */
export function siweMessage(
  account: { address: Address },
  nonce: string,
  overrides: Partial<CreateSiweMessageParameters> = {},
): string {
  return createSiweMessage({
    scheme: 'http',
    domain: 'localhost:3000',
    uri: APP_ORIGIN,
    address: account.address,
    statement: 'Sign in to Weft.',
    version: '1',
    chainId: CHAIN_ID,
    nonce,
    issuedAt: new Date(),
    ...overrides,
  })
}

export async function errorOf(
  response: Response,
): Promise<{ code: string; message: string; reason?: string }> {
  const body = (await response.json()) as { error: { code: string; message: string; reason?: string } }
  return body.error
}
