import 'server-only'
import { randomBytes } from 'node:crypto'
import { and, eq, isNull, lt } from 'drizzle-orm'
import type { Database } from '@/lib/db/database'
import { authNonces } from '@/lib/db/schema'
import { sameToken } from './session-cookie'

/** How long a visitor has to sign the message after asking for its nonce. */
export const NONCE_TTL_MS = 10 * 60 * 1000

export type NonceFailure = 'nonce_unknown' | 'nonce_replayed' | 'nonce_other_visitor' | 'nonce_expired'

/**
 * A fresh Sign-In with Ethereum nonce, stored for `visitor` (the `weft_visitor` cookie) for ten
 * minutes. 128 bits from the system's CSPRNG, in hex, which EIP-4361's alphanumeric grammar accepts
 * (viem's `generateSiweNonce` draws from Math.random, which is not meant to be unguessable).
 */
export async function issueNonce(db: Database, visitor: string, now = new Date()): Promise<string> {
  const nonce = randomBytes(16).toString('hex')
  // Expired nonces can never be used again: pruning them here keeps the table at ten minutes of requests.
  await db.delete(authNonces).where(lt(authNonces.expiresAt, now))
  await db.insert(authNonces).values({ nonce, visitor, expiresAt: new Date(now.getTime() + NONCE_TTL_MS) })
  return nonce
}

/**
 * Consumes `nonce` for `visitor`: one atomic UPDATE marks it used whatever happens next, so of any
 * number of concurrent attempts exactly one gets the row, and a failure burns the nonce as surely
 * as a success. Returns why the nonce cannot be used, or undefined when it can.
 */
export async function consumeNonce(
  db: Database,
  nonce: string,
  visitor: string | undefined,
  now = new Date(),
): Promise<NonceFailure | undefined> {
  const [row] = await db
    .update(authNonces)
    .set({ consumedAt: now })
    .where(and(eq(authNonces.nonce, nonce), isNull(authNonces.consumedAt)))
    .returning({ visitor: authNonces.visitor, expiresAt: authNonces.expiresAt })
  if (!row) {
    const [seen] = await db
      .select({ nonce: authNonces.nonce })
      .from(authNonces)
      .where(eq(authNonces.nonce, nonce))
      .limit(1)
    return seen ? 'nonce_replayed' : 'nonce_unknown'
  }
  if (visitor === undefined || !sameToken(row.visitor, visitor)) return 'nonce_other_visitor'
  if (row.expiresAt.getTime() <= now.getTime()) return 'nonce_expired'
  return undefined
}
