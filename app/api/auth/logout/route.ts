import { methodNotAllowed, sameOriginPost } from '@/lib/auth/request-guards'
import { clearSessionCookie } from '@/lib/auth/session-cookie'
import { endSession } from '@/lib/auth/sessions'
import { checkRateLimit } from '@/lib/http/rate-limit'
import { route } from '@/lib/server/api-error'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

/**
 * POST /api/auth/logout — same-origin JSON POST only: ends the session and clears its cookie
 * (204, also when nobody was signed in). The client calls it when the wallet switches account.
 */
export const POST = route(async (request: Request) => {
  const ctx = await getServerContext()
  const limited = await checkRateLimit(request, ctx, 'session')
  if (limited) return limited
  const refused = sameOriginPost(request, ctx.config)
  if (refused) return refused
  await endSession(request, ctx)
  return new Response(null, {
    status: 204,
    headers: { 'set-cookie': clearSessionCookie(ctx.config), 'cache-control': 'no-store' },
  })
})

/** GET /api/auth/logout — 405: a link or image on another site must not sign anyone out. */
export const GET = route(async () => methodNotAllowed(['POST']))
