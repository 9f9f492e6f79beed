import {
  type Address,
  bytesToHex,
  getAddress,
  type Hex,
  isAddressEqual,
  isHex,
  recoverMessageAddress,
  sha256,
  stringToBytes,
} from 'viem'
import type { NonceCache } from './nonce-cache'

/**
 * Signed requests to a provider agent's private routes, shared by the market server, the renter's
 * browser and the agent. The signer personal_signs (EIP-191) a canonical text that binds the
 * agent's origin, method, path with query, time, a random nonce and the body, so a signature is
 * good for one request, at one agent, for one minute, once.
 *
 * ```text
 * Weft agent request
 * origin: https://gpu-1.example.com:8443
 * method: POST
 * path: /v1/rentals/42/job?x=1
 * timestamp: 1767225600
 * nonce: 9f86d081884c7d659a2feaa0c55ad015
 * body-sha256: 0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
 * ```
 * Lines end with "\n" (none after the last). origin is WHATWG `URL.origin` (lower-case host,
 * default port omitted); path is `URL.pathname + URL.search` as `new URL()` normalises it.
 */

export const AGENT_REQUEST_DOMAIN = 'Weft agent request'
/** How far a request's timestamp may be from the verifier's clock, either way. */
export const AGENT_REQUEST_WINDOW_SECONDS = 60

export const AGENT_REQUEST_HEADERS = {
  address: 'x-weft-address',
  timestamp: 'x-weft-timestamp',
  nonce: 'x-weft-nonce',
  signature: 'x-weft-signature',
} as const

export type AgentRequestHeaders = Record<
  (typeof AGENT_REQUEST_HEADERS)[keyof typeof AGENT_REQUEST_HEADERS],
  string
>

/** Anything that personal_signs: a viem LocalAccount, or a wrapper around a browser wallet. */
export type AgentRequestSigner = {
  address: Address
  signMessage: (args: { message: string }) => Promise<Hex>
}

export type AgentRequestParts = {
  /** The agent's origin, e.g. "https://gpu-1.example.com:8443" (any URL of it; only the origin counts). */
  origin: string
  method: string
  /** Path and query, "/v1/rentals/42/logs?after=10". */
  path: string
  /** Unix seconds. */
  timestamp: number
  /** Lower-case hex, 32–128 digits, no 0x. */
  nonce: string
  body?: string | Uint8Array
}

export const nonceFormat = /^[0-9a-f]{32,128}$/
const methodFormat = /^[A-Z]{1,16}$/
// No whitespace or control characters, so no field can smuggle a line into the text.
const pathFormat = /^\/[\x21-\x7e]*$/

/** The exact text signed; throws on a part that could make two requests share one text. */
export function canonicalAgentRequest(parts: AgentRequestParts): string {
  const origin = new URL(parts.origin).origin
  if (origin === 'null') throw new TypeError(`not an http(s) origin: ${parts.origin}`)
  if (!methodFormat.test(parts.method)) throw new TypeError('method must be an upper-case HTTP method')
  if (!pathFormat.test(parts.path)) throw new TypeError('path must start with / and contain no spaces')
  if (!Number.isSafeInteger(parts.timestamp) || parts.timestamp < 0) throw new TypeError('bad timestamp')
  if (!nonceFormat.test(parts.nonce)) throw new TypeError('nonce must be 32–128 lower-case hex digits')
  const body = typeof parts.body === 'string' ? stringToBytes(parts.body) : (parts.body ?? new Uint8Array())
  return [
    AGENT_REQUEST_DOMAIN,
    `origin: ${origin}`,
    `method: ${parts.method}`,
    `path: ${parts.path}`,
    `timestamp: ${parts.timestamp}`,
    `nonce: ${parts.nonce}`,
    `body-sha256: ${sha256(body)}`,
  ].join('\n')
}

/**
 * Signs a request to `url` (the agent's public URL of the route, query included) and returns the
 * headers to send with it. `body` must be the exact bytes (or string) sent.
 */
export async function signAgentRequest(args: {
  signer: AgentRequestSigner
  url: string | URL
  method: string
  body?: string | Uint8Array
  /** Epoch milliseconds; defaults to Date.now(). */
  now?: number
}): Promise<AgentRequestHeaders> {
  const url = new URL(args.url)
  const timestamp = Math.floor((args.now ?? Date.now()) / 1000)
  const nonce = bytesToHex(crypto.getRandomValues(new Uint8Array(16))).slice(2)
  const message = canonicalAgentRequest({
    origin: url.origin,
    method: args.method.toUpperCase(),
    path: url.pathname + url.search,
    timestamp,
    nonce,
    body: args.body,
  })
  return {
    [AGENT_REQUEST_HEADERS.address]: args.signer.address,
    [AGENT_REQUEST_HEADERS.timestamp]: String(timestamp),
    [AGENT_REQUEST_HEADERS.nonce]: nonce,
    [AGENT_REQUEST_HEADERS.signature]: await args.signer.signMessage({ message }),
  }
}

export type AgentRequestFailure = 'missing' | 'malformed' | 'stale' | 'replayed' | 'bad_signature'
export type AgentRequestVerification =
  | { ok: true; address: Address }
  | { ok: false; reason: AgentRequestFailure }

const addressFormat = /^0x[0-9a-fA-F]{40}$/
// 65-byte (r, s, v) or 64-byte EIP-2098 compact signatures.
const signatureFormat = /^0x([0-9a-fA-F]{128}|[0-9a-fA-F]{130})$/
const timestampFormat = /^[0-9]{1,12}$/

/**
 * Checks a signed request against the agent's own configured origin (never the Host header, which
 * the client chooses). Never throws on bad input. Cheap checks first; the nonce is recorded only
 * once the signature is known good, so nobody can burn another signer's nonces.
 */
export async function verifyAgentRequest(args: {
  /** This agent's public origin, from its configuration. */
  origin: string
  method: string
  /** The request URL as received (only path and query are used). */
  url: string | URL
  headers: { get(name: string): string | null }
  body?: string | Uint8Array
  nonces: NonceCache
  /** Epoch milliseconds; defaults to Date.now(). */
  now?: number
}): Promise<AgentRequestVerification> {
  const fail = (reason: AgentRequestFailure) => ({ ok: false, reason }) as const
  const header = (name: keyof typeof AGENT_REQUEST_HEADERS) => args.headers.get(AGENT_REQUEST_HEADERS[name])
  const [claimed, timestampText, nonce, signature] = [
    header('address'),
    header('timestamp'),
    header('nonce'),
    header('signature'),
  ]
  if (!claimed || !timestampText || !nonce || !signature) return fail('missing')
  if (!addressFormat.test(claimed) || !timestampFormat.test(timestampText) || !nonceFormat.test(nonce)) {
    return fail('malformed')
  }
  if (!signatureFormat.test(signature) || !isHex(signature)) return fail('malformed')
  const address = getAddress(claimed.toLowerCase())
  const nowMs = args.now ?? Date.now()
  const timestamp = Number(timestampText)
  if (Math.abs(Math.floor(nowMs / 1000) - timestamp) > AGENT_REQUEST_WINDOW_SECONDS) return fail('stale')
  const key = `${address}:${nonce}`
  if (args.nonces.seen(key, timestamp, nowMs)) return fail('replayed')

  const url = new URL(args.url)
  let message: string
  try {
    message = canonicalAgentRequest({
      origin: args.origin,
      method: args.method.toUpperCase(),
      path: url.pathname + url.search,
      timestamp,
      nonce,
      body: args.body,
    })
  } catch {
    return fail('malformed')
  }
  let recovered: Address
  try {
    recovered = await recoverMessageAddress({ message, signature })
  } catch {
    return fail('bad_signature')
  }
  if (!isAddressEqual(recovered, address)) return fail('bad_signature')
  // Re-checked and recorded in one synchronous step, after the await above.
  if (!args.nonces.add(key, timestamp, nowMs)) return fail('replayed')
  return { ok: true, address }
}
