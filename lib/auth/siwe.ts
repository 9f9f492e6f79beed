import 'server-only'
import type { Address } from 'viem'
import { validateSiweMessage } from 'viem/siwe'
import { ApiError, type ApiErrorCode } from '@/lib/server/api-error'
import { consumeNonce, type NonceFailure } from './nonces'
import type { AuthContext } from './session-cookie'
import { type SignatureVerdict, verifyMessageSignature } from './signature'
import { oversizeProblem, parseSiweMessageStrict } from './siwe-message'

/** The verify route reads at most this much body (message, signature and JSON around them). */
export const MAX_SIGN_IN_BODY_BYTES = 16 * 1024
/** How far in the future `Issued At` may be: the wallet's clock against ours. */
const CLOCK_SKEW_MS = 60 * 1000

export type SignInFailure =
  | 'message_too_large'
  | 'too_many_resources'
  | 'malformed_message'
  | NonceFailure
  | 'domain_mismatch'
  | 'scheme_mismatch'
  | 'uri_mismatch'
  | 'chain_mismatch'
  | 'issued_in_future'
  | 'expired'
  | 'not_yet_valid'
  | 'signature_malformed'
  | 'signature_invalid'
  | 'chain_unavailable'

export type SignInResult =
  | { ok: true; address: Address; chainId: number }
  | { ok: false; reason: SignInFailure; detail?: string }

const FAILURES: Record<SignInFailure, [ApiErrorCode, string]> = {
  message_too_large: ['payload_too_large', 'The sign-in message is longer than 8 KiB.'],
  too_many_resources: ['payload_too_large', 'The sign-in message lists more than 64 resources.'],
  malformed_message: ['invalid', 'The sign-in message is not a valid EIP-4361 message.'],
  nonce_unknown: ['unauthorized', 'The sign-in nonce was never issued; ask for a new one.'],
  nonce_replayed: ['unauthorized', 'The sign-in nonce has already been used; ask for a new one.'],
  nonce_other_visitor: [
    'unauthorized',
    'The sign-in nonce was issued to another browser; ask for a new one.',
  ],
  nonce_expired: ['unauthorized', 'The sign-in nonce has expired; ask for a new one.'],
  domain_mismatch: ['unauthorized', 'The sign-in message is for another site.'],
  scheme_mismatch: ['unauthorized', 'The sign-in message names another scheme than this site’s.'],
  uri_mismatch: ['unauthorized', 'The sign-in message’s URI is not on this site.'],
  chain_mismatch: ['unauthorized', 'The sign-in message is for a chain this site does not serve.'],
  issued_in_future: ['unauthorized', 'The sign-in message is issued in the future; check the device clock.'],
  expired: ['unauthorized', 'The sign-in message has expired.'],
  not_yet_valid: ['unauthorized', 'The sign-in message is not valid yet.'],
  signature_malformed: ['unauthorized', 'The signature is not hex-encoded bytes.'],
  signature_invalid: ['unauthorized', 'The signature does not match the message’s address.'],
  chain_unavailable: ['unavailable', 'The chain could not be reached to check a contract wallet; try again.'],
}

/** The typed API error for a failed sign-in: 413, 400, 401 or 503, with the reason in the body. */
export function signInError(failure: { reason: SignInFailure; detail?: string }): ApiError {
  const [code, sentence] = FAILURES[failure.reason]
  const message = failure.detail ? `${sentence.slice(0, -1)}: ${failure.detail}.` : sentence
  return new ApiError(code, message, { reason: failure.reason })
}

const VERDICTS: Record<Exclude<SignatureVerdict, 'valid'>, SignInFailure> = {
  invalid: 'signature_invalid',
  malformed: 'signature_malformed',
  unavailable: 'chain_unavailable',
}

/**
 * Verifies a Sign-In with Ethereum message and signature for `visitor` against the server's own
 * configuration (never request headers): sizes first, then the strict grammar, then the nonce
 * (consumed whatever follows), domain, scheme, URI origin, chain, times, and last the signature,
 * the only step that may need the chain.
 */
export async function verifySignIn(
  { config, store, chain }: AuthContext,
  input: { message: string; signature: string; visitor: string | undefined },
  now = new Date(),
): Promise<SignInResult> {
  const fail = (reason: SignInFailure, detail?: string): SignInResult => ({ ok: false, reason, detail })
  const oversize = oversizeProblem(input.message)
  if (oversize) return fail(oversize)
  const parsed = parseSiweMessageStrict(input.message)
  if (!parsed.ok) {
    // A nonce in a malformed message is burnt too: the outcome never leaves it usable.
    const nonce = /\nNonce: ([A-Za-z0-9]{8,128})\n/.exec(input.message)?.[1]
    if (nonce) await consumeNonce(store.db, nonce, input.visitor, now)
    return fail('malformed_message', parsed.problem)
  }
  const m = parsed.message
  const nonceFailure = await consumeNonce(store.db, m.nonce, input.visitor, now)
  if (nonceFailure) return fail(nonceFailure)

  const app = new URL(config.appOrigin)
  const scheme = app.protocol.slice(0, -1)
  if (m.domain !== app.host) return fail('domain_mismatch')
  // EIP-4361: a message without a scheme means https.
  if ((m.scheme ?? 'https') !== scheme) return fail('scheme_mismatch')
  if (!URL.canParse(m.uri) || new URL(m.uri).origin !== app.origin) return fail('uri_mismatch')
  if (m.chainId !== config.chainId) return fail('chain_mismatch')
  if (m.issuedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) return fail('issued_in_future')
  if (m.expirationTime && now.getTime() >= m.expirationTime.getTime()) return fail('expired')
  if (m.notBefore && now.getTime() < m.notBefore.getTime()) return fail('not_yet_valid')
  // A second opinion from viem, given every expectation (it checks only what it is given).
  const expected = { domain: app.host, scheme, nonce: m.nonce, address: m.address, time: now }
  if (!validateSiweMessage({ ...expected, message: { ...m, scheme: m.scheme ?? 'https' } })) {
    return fail('malformed_message', 'viem’s EIP-4361 validation refused it')
  }

  const verdict = await verifyMessageSignature(chain, {
    address: m.address,
    message: input.message,
    signature: input.signature,
  })
  if (verdict !== 'valid') return fail(VERDICTS[verdict])
  return { ok: true, address: m.address, chainId: m.chainId }
}
