import 'server-only'
import { RateLimiterRes } from 'rate-limiter-flexible'
import { readSession } from '@/lib/auth/sessions'
import type { Database } from '@/lib/db/database'
import { ApiError, errorResponse } from '@/lib/server/api-error'
import { clientAddressOf } from '@/lib/server/peer-address'
import type { ServerContext } from '@/lib/server/server-context'
import type { RateLimitGroup, RateLimitRule } from './rate-limit-rules'
import { RateLimiterDatabase } from './rate-limit-store'

type LimitContext = Pick<ServerContext, 'config' | 'store'>

// One limiter per database and rule: they hold no counts (the database does), only settings.
const limiters = new WeakMap<Database, Map<string, RateLimiterDatabase>>()

function limiterFor(db: Database, name: string, rule: RateLimitRule): RateLimiterDatabase {
  const forDb = limiters.get(db) ?? new Map<string, RateLimiterDatabase>()
  limiters.set(db, forDb)
  const id = `${name}:${rule.points}/${rule.seconds}`
  let limiter = forDb.get(id)
  if (!limiter) {
    limiter = new RateLimiterDatabase(db, { keyPrefix: name, points: rule.points, duration: rule.seconds })
    forDb.set(id, limiter)
  }
  return limiter
}

/** Takes one point for `key`: undefined when allowed, else the seconds until a point is free. */
async function take(
  db: Database,
  name: string,
  rule: RateLimitRule,
  key: string,
): Promise<number | undefined> {
  try {
    await limiterFor(db, name, rule).consume(key)
    return undefined
  } catch (rejection) {
    // The limiter rejects with its verdict when the limit is spent, and with an Error when the store failed.
    if (!(rejection instanceof RateLimiterRes)) throw rejection
    return Math.max(Math.ceil(rejection.msBeforeNext / 1000), 1)
  }
}

function tooMany(group: RateLimitGroup, who: string, seconds: number): Response {
  const message = `Too many ${group} requests ${who}; try again in ${seconds} s.`
  return errorResponse(new ApiError('too_many_requests', message), {
    headers: { 'retry-after': String(seconds), 'cache-control': 'no-store' },
  })
}

/**
 * Counts this request against `group`'s limits: per client IP address, then per signed-in address
 * when the request carries a live session. Answers 429 with Retry-After once either is spent, or
 * undefined to go on. A store failure is thrown, as the route's own database work would be.
 */
export async function checkRateLimit(
  request: Request,
  ctx: LimitContext,
  group: RateLimitGroup,
): Promise<Response | undefined> {
  const { rateLimits, trustedProxyHops } = ctx.config
  const byIp = rateLimits[`${group}.ip`]
  if (byIp) {
    const ip = clientAddressOf(request, trustedProxyHops)
    const wait = await take(ctx.store.db, `${group}.ip`, byIp, ip)
    if (wait !== undefined) return tooMany(group, 'from your network', wait)
  }
  const byAddress = rateLimits[`${group}.address`]
  if (byAddress) {
    const { session } = await readSession(request, ctx)
    const wait = session && (await take(ctx.store.db, `${group}.address`, byAddress, session.address))
    if (wait !== undefined) return tooMany(group, 'for your account', wait)
  }
  return undefined
}
