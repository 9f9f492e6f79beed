import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Address, getAddress, isAddress } from 'viem'
import { z } from 'zod'
import { ACCESS_SCOPES, type AccessScope } from '@/lib/protocol/browser-access'

/**
 * Short-lived access tokens for a rental's browser routes (terminal, port proxy, files). A renter
 * gets one from `POST /v1/rentals/:id/access-token`, a request signed with the wallet as every
 * private route is; the token then stands in for a signature where a browser cannot sign each
 * request (a WebSocket, a page loaded through the port proxy, a download link).
 *
 * `wat1.<base64url payload JSON>.<base64url HMAC-SHA256(secret, "wat1." + payload)>`: the payload
 * binds the rental id, the renter's address, the scopes and the expiry. The secret is this agent's
 * alone, so a token is good at one agent only, and a restart keeps tokens valid (it is on disk).
 */

const PREFIX = 'wat1'

const payloadSchema = z
  .object({
    rental: z.string().regex(/^\d{1,78}$/),
    renter: z.string().refine(isAddress),
    scopes: z.array(z.enum(ACCESS_SCOPES)).min(1),
    exp: z.number().int().positive(),
  })
  .strict()

export type AccessGrant = { rentalId: bigint; renter: Address; scopes: AccessScope[]; expiresAt: number }

export type AccessTokenFailure = 'malformed' | 'tampered' | 'expired' | 'other_rental' | 'scope'

/** Why a token was refused, as the routes say it. */
export const ACCESS_TOKEN_REFUSALS: Record<AccessTokenFailure, string> = {
  malformed: 'the access token is malformed',
  tampered: 'the access token was not issued by this agent',
  expired: 'the access token has expired; ask for a new one',
  other_rental: 'the access token is for another rental',
  scope: 'the access token does not cover this route',
}

/** The token for `grant` (expiresAt in Unix seconds). */
export function issueAccessToken(secret: Uint8Array, grant: AccessGrant): string {
  const payload = Buffer.from(
    JSON.stringify({
      rental: grant.rentalId.toString(),
      renter: getAddress(grant.renter),
      scopes: [...new Set(grant.scopes)],
      exp: grant.expiresAt,
    }),
  ).toString('base64url')
  return `${PREFIX}.${payload}.${mac(secret, payload).toString('base64url')}`
}

/**
 * The grant a token carries when it is this agent's, unexpired, for `rentalId` and covering
 * `scope`; otherwise why not. The MAC is checked (in constant time) before the payload is read.
 */
export function verifyAccessToken(
  secret: Uint8Array,
  token: string,
  expect: { rentalId: bigint; scope: AccessScope; nowSeconds: number },
): { ok: true; grant: AccessGrant } | { ok: false; reason: AccessTokenFailure } {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed' }
  const [, payload = '', signature = ''] = parts
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || !/^[A-Za-z0-9_-]{43}$/.test(signature))
    return { ok: false, reason: 'malformed' }
  const given = Buffer.from(signature, 'base64url')
  const wanted = mac(secret, payload)
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
    return { ok: false, reason: 'tampered' }
  let parsed: z.infer<typeof payloadSchema>
  try {
    parsed = payloadSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')))
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (parsed.exp <= expect.nowSeconds) return { ok: false, reason: 'expired' }
  if (BigInt(parsed.rental) !== expect.rentalId) return { ok: false, reason: 'other_rental' }
  if (!parsed.scopes.includes(expect.scope)) return { ok: false, reason: 'scope' }
  return {
    ok: true,
    grant: {
      rentalId: BigInt(parsed.rental),
      renter: getAddress(parsed.renter),
      scopes: parsed.scopes,
      expiresAt: parsed.exp,
    },
  }
}

/** The agent's token secret (32 bytes at `<dataDir>/access/token-secret`, owner-only), created once. */
export function loadOrCreateTokenSecret(dataDir: string): Uint8Array {
  const dir = join(dataDir, 'access')
  const file = join(dir, 'token-secret')
  try {
    const secret = readFileSync(file)
    if (secret.length === 32) return secret
    throw new Error(`${file} must hold exactly 32 bytes; remove it to create a new secret`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
  const secret = randomBytes(32)
  const partial = `${file}.${process.pid}.partial`
  writeFileSync(partial, secret, { mode: 0o600, flag: 'wx' })
  renameSync(partial, file)
  return secret
}

const mac = (secret: Uint8Array, payload: string): Buffer =>
  createHmac('sha256', secret).update(`${PREFIX}.${payload}`).digest()
