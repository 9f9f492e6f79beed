import 'server-only'
import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { type Address, getAddress, isAddressEqual } from 'viem'
import { sessions } from '@/lib/db/schema'
import { ApiError } from '@/lib/server/api-error'
import {
  type AuthContext,
  type CookieSource,
  isToken,
  newToken,
  readCookie,
  SESSION_TTL_SECONDS,
  sessionCookieName,
} from './session-cookie'

/** Who is signed in: the address that signed the SIWE message, on the app's chain. */
export type Session = { address: Address; chainId: number }
type SessionContext = Pick<AuthContext, 'config' | 'store'>

/** The row id of a session: the cookie carries the token, the database only its SHA-256. */
function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Stores a new session and returns the token for its cookie (see `sessionCookie`). */
export async function createSession(
  { store }: SessionContext,
  session: Session,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken()
  const expiresAt = new Date(now.getTime() + SESSION_TTL_SECONDS * 1000)
  await store.db.insert(sessions).values({
    id: sessionId(token),
    address: getAddress(session.address),
    chainId: session.chainId,
    createdAt: now,
    expiresAt,
  })
  return { token, expiresAt }
}

/**
 * The session behind the request's cookie. `stale` is true when a cookie was sent that names no
 * live session (tampered, unknown, expired, or for a chain the app no longer serves): the caller
 * clears it. Never throws for a bad cookie.
 */
export async function readSession(
  source: CookieSource,
  { config, store }: SessionContext,
  now = new Date(),
): Promise<{ session?: Session; stale: boolean }> {
  const token = readCookie(source, sessionCookieName(config))
  if (token === undefined) return { stale: false }
  if (!isToken(token)) return { stale: true }
  const id = sessionId(token)
  const [row] = await store.db.select().from(sessions).where(eq(sessions.id, id)).limit(1)
  if (!row) return { stale: true }
  if (row.expiresAt.getTime() <= now.getTime() || row.chainId !== config.chainId) {
    await store.db.delete(sessions).where(eq(sessions.id, id))
    return { stale: true }
  }
  return { session: { address: getAddress(row.address), chainId: row.chainId }, stale: false }
}

/** The signed-in session, or undefined: from a request, or from `await cookies()` in a server component. */
export async function getSession(source: CookieSource, ctx: SessionContext): Promise<Session | undefined> {
  return (await readSession(source, ctx)).session
}

/** For routes that need a signed-in user: the session, or a 401 `unauthorized` ApiError. */
export async function requireSession(request: Request, ctx: SessionContext): Promise<Session> {
  const session = await getSession(request, ctx)
  if (!session) throw new ApiError('unauthorized', 'Sign in with your wallet first.')
  return session
}

/** Deletes the session behind the request's cookie, if any (logout, or a new sign-in replacing it). */
export async function endSession(source: CookieSource, { config, store }: SessionContext): Promise<void> {
  const token = readCookie(source, sessionCookieName(config))
  if (isToken(token)) await store.db.delete(sessions).where(eq(sessions.id, sessionId(token)))
}

/**
 * Whether the session may act for `address`. Routes that act for an address check it, so a
 * wallet switched to another account after sign-in cannot borrow the first account's session.
 */
export function sessionMatches(session: Session | undefined, address: string): boolean {
  try {
    return session !== undefined && isAddressEqual(session.address, getAddress(address))
  } catch {
    return false
  }
}
