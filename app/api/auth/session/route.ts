import { clearSessionCookie } from '@/lib/auth/session-cookie'
import { readSession } from '@/lib/auth/sessions'
import { checkRateLimit } from '@/lib/http/rate-limit'
import { route } from '@/lib/server/api-error'
import { getServerContext } from '@/lib/server/server-context'
import type { SignedIn } from '@/lib/session/session-key'

export const dynamic = 'force-dynamic'

/**
 * GET /api/auth/session — `{ address, chainId }` when signed in, else `null` (200 either way: asking
 * who is signed in is not an error, and browsers log every 4xx to the console). A cookie naming no
 * live session (tampered, unknown, expired) is cleared in the same answer.
 */
export const GET = route(async (request: Request) => {
  const ctx = await getServerContext()
  const limited = await checkRateLimit(request, ctx, 'session')
  if (limited) return limited
  const { session, stale } = await readSession(request, ctx)
  const headers = new Headers({ 'cache-control': 'no-store' })
  if (stale) headers.append('set-cookie', clearSessionCookie(ctx.config))
  const answer: SignedIn | null = session ?? null
  return Response.json(answer, { headers })
})
