import { privateKeyToAccount } from 'viem/accounts'
import { z } from 'zod'
import { portProxyRequests } from '@/agent/access/port-proxy-route'
import type { WebAccess } from '@/agent/access/web-access'
import { type AgentAppOptions, createAgentApp } from '@/agent/http/app'
import { type AgentServer, startAgentServer } from '@/agent/http/server'
import { type AgentRequestSigner, signAgentRequest } from '@/lib/agent-auth/request-signing'
import { AgentApiDouble } from './agent-api-double'

// Anvil's well-known dev keys: the market operator, two renters and a stranger.
export const operator = privateKeyToAccount(
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
)
export const renter = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
)
export const otherRenter = privateKeyToAccount(
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
)
export const stranger = privateKeyToAccount(
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
)
export const provider = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65'

/** The agent's public origin as configured: what requests are signed for (TLS ends at a proxy). */
export const ORIGIN = 'https://agent.test:8443'
export const MAX_BODY_BYTES = 64 * 1024
/** Rental 1 is the renter's, rental 2 is otherRenter's; both are this provider's. */
export const RENTAL = 1n
export const OTHER_RENTAL = 2n

/**
 * Browser access for route tests that never reach a job: a fixed secret, a runner that runs and
 * dials nothing, and no running job unless `overrides` says otherwise.
 */
export function inertWebAccess(overrides: Partial<WebAccess> = {}): WebAccess {
  return {
    secret: Buffer.alloc(32, 3),
    runner: { exec: async () => undefined, dialer: async () => undefined },
    runningJob: () => undefined,
    ...overrides,
  }
}

export type TestRequest = {
  method?: string
  body?: string
  headers?: Record<string, string>
  /** Who signs; null sends no signature. */
  signer?: AgentRequestSigner | null
  /** The origin signed for, when not this agent's. */
  signOrigin?: string
  /** The signing clock, epoch ms. */
  signedAt?: number
}

export type TestAgent = {
  api: AgentApiDouble
  server: AgentServer
  /** Signs (by default as the renter, for ORIGIN) and sends over loopback. */
  send(path: string, request?: TestRequest): Promise<Response>
  sign(path: string, request?: TestRequest): Promise<Record<string, string>>
}

/** Starts the real app on a real loopback port over an in-memory core. */
export async function startTestAgent(
  options: Partial<AgentAppOptions> = {},
  upgrade?: Parameters<typeof startAgentServer>[1]['upgrade'],
): Promise<TestAgent> {
  const api = new AgentApiDouble(provider)
  api.addRental(RENTAL, renter.address)
  api.addRental(OTHER_RENTAL, otherRenter.address)
  const app = createAgentApp({
    api,
    operator: operator.address,
    origin: ORIGIN,
    maxBodyBytes: MAX_BODY_BYTES,
    heartbeatMs: 50,
    ...options,
  })
  const server = await startAgentServer(app, {
    port: 0,
    host: '127.0.0.1',
    upgrade,
    ahead: options.web && portProxyRequests(options.web),
  })

  const sign = async (path: string, request: TestRequest = {}) => {
    const signer = request.signer === undefined ? renter : request.signer
    if (signer === null) return {}
    return signAgentRequest({
      signer,
      url: `${request.signOrigin ?? ORIGIN}${path}`,
      method: request.method ?? 'GET',
      body: request.body,
      now: request.signedAt,
    })
  }
  const send = async (path: string, request: TestRequest = {}) =>
    fetch(`${server.url}${path}`, {
      method: request.method ?? 'GET',
      body: request.body,
      headers: { ...(await sign(path, request)), ...request.headers },
    })
  return { api, server, send, sign }
}

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }).strict() }).strict()

/** The `{ error: { code, message } }` body of an error response. */
export async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return errorBody.parse(await response.json()).error
}
