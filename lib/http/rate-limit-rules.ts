import { z } from 'zod'

/**
 * The market's rate-limited route groups. `sign-in` is /api/auth/nonce and /api/auth/verify (a row
 * per nonce, an RPC call per contract-wallet check); `session` is /api/auth/session and logout;
 * `rentals` the rental reads; `events` counts opened event streams, each of which
 * runs a poll loop for as long as it stays open.
 */
export const RATE_LIMIT_GROUPS = ['sign-in', 'session', 'rentals', 'events'] as const
export type RateLimitGroup = (typeof RATE_LIMIT_GROUPS)[number]
/** Who is counted: the client's IP address, or the signed-in address when there is a session. */
export type RateLimitSubject = 'ip' | 'address'

export type RateLimitRule = { points: number; seconds: number }
/** Rules by `group.subject`; a missing rule means that pair is not limited. */
export type RateLimitRules = Partial<Record<`${RateLimitGroup}.${RateLimitSubject}`, RateLimitRule>>

const perMinute = (points: number): RateLimitRule => ({ points, seconds: 60 })

/**
 * Production defaults, per minute. One person's browser makes a few sign-in requests per sign-in
 * (nonce, verify) and polls rentals every few seconds; an office or mobile carrier can put many
 * people behind one IP address, so IP limits are a few times an address's. Event streams are the
 * scarcest: each one holds a poll loop open.
 */
export const DEFAULT_RATE_LIMITS: RateLimitRules = {
  'sign-in.ip': perMinute(60),
  'sign-in.address': perMinute(30),
  'session.ip': perMinute(600),
  'session.address': perMinute(240),
  'rentals.ip': perMinute(600),
  'rentals.address': perMinute(240),
  'events.ip': perMinute(60),
  'events.address': perMinute(30),
}

const entry = /^(sign-in|session|rentals|events)(?:\.(ip|address))?=(\d{1,9})\/(\d{1,6})$/

/**
 * WEFT_RATE_LIMITS: empty for the defaults, `off` for none, or overrides such as
 * `events=120/60,sign-in.ip=10/60` (points per seconds; a group without `.ip`/`.address` sets both).
 */
export const rateLimitsSetting = z
  .string()
  .optional()
  .transform((setting, ctx): RateLimitRules => {
    const value = setting?.trim() ?? ''
    if (value === 'off') return {}
    const rules: RateLimitRules = { ...DEFAULT_RATE_LIMITS }
    for (const part of value.split(',').filter((p) => p.trim() !== '')) {
      const [, name, subject, points, seconds] = entry.exec(part.trim()) ?? []
      const group = RATE_LIMIT_GROUPS.find((g) => g === name)
      if (!group || !points || !seconds || Number(points) < 1 || Number(seconds) < 1) {
        ctx.addIssue({
          code: 'custom',
          message: `"${part.trim()}" is not group[.ip|.address]=points/seconds with a group of ${RATE_LIMIT_GROUPS.join(', ')}`,
        })
        return z.NEVER
      }
      const subjects = (['ip', 'address'] as const).filter((s) => subject === undefined || s === subject)
      for (const s of subjects) rules[`${group}.${s}`] = { points: Number(points), seconds: Number(seconds) }
    }
    return rules
  })
