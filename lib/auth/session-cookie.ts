import 'server-only'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { PublicClient } from 'viem'
import type { Database } from '@/lib/db/database'
import type { ServerConfig } from '@/lib/server/server-config'

/** What the auth code reads of the server configuration: never anything from request headers. */
export type AuthConfig = Pick<ServerConfig, 'appOrigin' | 'chainId' | 'production'>
/** The parts of the server context sign-in uses; `getServerContext()` satisfies it, tests build one. */
export type AuthContext = { config: AuthConfig; store: { db: Database }; chain: PublicClient }
/** Where a cookie is read from: a request, or Next's `await cookies()` in a server component. */
export type CookieSource = Request | { get(name: string): { value: string } | undefined }

/** Sessions are short and not sliding: a stolen cookie is worth half a day at most. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60
/** Long enough to outlive any nonce issued under it. */
const VISITOR_TTL_SECONDS = 24 * 60 * 60

/**
 * `__Host-` in production: the browser then insists on Secure, Path=/ and no Domain, so no
 * sibling subdomain can plant or overwrite the cookie.
 */
export function sessionCookieName(config: Pick<AuthConfig, 'production'>): string {
  return config.production ? '__Host-weft_session' : 'weft_session'
}

export function visitorCookieName(config: Pick<AuthConfig, 'production'>): string {
  return config.production ? '__Host-weft_visitor' : 'weft_visitor'
}

/** 32 random bytes, base64url: a session token or a visitor id. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Whether a cookie value has the shape `newToken` gives; anything else is tampered with. */
export function isToken(value: string | undefined): value is string {
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value)
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function serialize(name: string, value: string, maxAge: number, config: Pick<AuthConfig, 'production'>) {
  const secure = config.production ? '; Secure' : ''
  return `${name}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`
}

export function sessionCookie(token: string, config: Pick<AuthConfig, 'production'>): string {
  return serialize(sessionCookieName(config), token, SESSION_TTL_SECONDS, config)
}

export function clearSessionCookie(config: Pick<AuthConfig, 'production'>): string {
  return serialize(sessionCookieName(config), '', 0, config)
}

export function visitorCookie(visitor: string, config: Pick<AuthConfig, 'production'>): string {
  return serialize(visitorCookieName(config), visitor, VISITOR_TTL_SECONDS, config)
}

/** The first cookie called `name`, from a request's Cookie header or a Next cookie store. */
export function readCookie(source: CookieSource, name: string): string | undefined {
  if (!(source instanceof Request)) return source.get(name)?.value
  for (const pair of (source.headers.get('cookie') ?? '').split(';')) {
    const at = pair.indexOf('=')
    if (at !== -1 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim()
  }
  return undefined
}
