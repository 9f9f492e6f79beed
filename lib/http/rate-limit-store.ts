import 'server-only'
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm'
import { type IRateLimiterOptions, RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible'
import type { Database } from '@/lib/db/database'
import { rateLimits } from '@/lib/db/schema'

type Row = { points: number; expire: Date | null }

/** How often one limiter deletes windows that ended, so the table holds only live keys. */
const SWEEP_INTERVAL_MS = 5 * 60_000

/**
 * rate-limiter-flexible's store contract over the app's own database (PGlite or PostgreSQL): one
 * row per key in `rate_limits`, counted with a single INSERT … ON CONFLICT DO UPDATE, so app
 * instances sharing the database share the counts without a race. The package's Postgres store
 * wants a `pg` pool, and its Drizzle store loads drizzle-orm through a computed `import()` that a
 * bundler cannot follow. So this extends the Drizzle store (the package does not export the
 * abstract store class at run time) and replaces each of its queries with the same statement
 * written against the drizzle instance the routes already hold.
 */
export class RateLimiterDatabase extends RateLimiterDrizzle {
  private readonly db: Database
  private nextSweep = Date.now() + SWEEP_INTERVAL_MS

  constructor(db: Database, options: IRateLimiterOptions) {
    // Its own sweep timer would use that import; sweep() below replaces it.
    super({ ...options, storeClient: db, schema: rateLimits, clearExpiredByTimeout: false })
    this.db = db
  }

  _getRateLimiterRes(_key: string, changedPoints: number, row: Row): RateLimiterRes {
    const msBeforeNext = row.expire === null ? -1 : Math.max(row.expire.getTime() - Date.now(), 0)
    const remaining = Math.max(this.points - row.points, 0)
    return new RateLimiterRes(remaining, msBeforeNext, row.points, row.points === changedPoints)
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Row> {
    this.sweep()
    const now = new Date()
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration) : null
    // The window is decided in the database, so two instances never both start a fresh one.
    const ended = sql`${rateLimits.expire} <= ${now.toISOString()}::timestamptz`
    const nextExpire = expire === null ? sql`NULL::timestamptz` : sql`${expire.toISOString()}::timestamptz`
    const set = forceExpire
      ? { points, expire }
      : {
          points: sql`CASE WHEN ${ended} THEN ${points} ELSE ${rateLimits.points} + ${points} END`,
          expire: sql`CASE WHEN ${ended} THEN ${nextExpire} ELSE ${rateLimits.expire} END`,
        }
    const [row] = await this.db
      .insert(rateLimits)
      .values({ key, points, expire })
      .onConflictDoUpdate({ target: rateLimits.key, set })
      .returning({ points: rateLimits.points, expire: rateLimits.expire })
    if (!row) throw new Error(`rate limit upsert for ${key} returned no row`)
    return row
  }

  async _get(key: string): Promise<Row | null> {
    const live = or(isNull(rateLimits.expire), gt(rateLimits.expire, new Date()))
    const [row] = await this.db
      .select({ points: rateLimits.points, expire: rateLimits.expire })
      .from(rateLimits)
      .where(and(eq(rateLimits.key, key), live))
      .limit(1)
    return row ?? null
  }

  async _delete(key: string): Promise<boolean> {
    const deleted = await this.db
      .delete(rateLimits)
      .where(eq(rateLimits.key, key))
      .returning({ key: rateLimits.key })
    return deleted.length > 0
  }

  /** Deletes ended windows now and then, off the request's path: a failure only delays the sweep. */
  private sweep(): void {
    if (Date.now() < this.nextSweep) return
    this.nextSweep = Date.now() + SWEEP_INTERVAL_MS
    this.db
      .delete(rateLimits)
      .where(lt(rateLimits.expire, new Date()))
      .catch((error: unknown) => console.error('rate limit sweep failed:', error))
  }
}
