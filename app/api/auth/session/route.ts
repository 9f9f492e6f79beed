import { clearSessionCookie } from '@/lib/auth/session-cookie'
import { readSession } from '@/lib/auth/sessions'
import { ApiError, errorResponse, route } from '@/lib/server/api-error'
import { getServerContext } from '@/lib/server/server-context'

export const dynamic = 'force-dynamic'

/**
 * GET /api/auth/session — `{ address, chainId }` when signed in, else 401. A cookie naming no live
 * session (tampered, unknown, expired) is cleared in the same answer.
 */
export const GET = route(async (request: Request) => {
  const ctx = await getServerContext()
  const { session, stale } = await readSession(request, ctx)
  const headers = new Headers({ 'cache-control': 'no-store' })
  if (stale) headers.append('set-cookie', clearSessionCookie(ctx.config))
  if (!session) return errorResponse(new ApiError('unauthorized', 'Not signed in.'), { headers })
  return Response.json(session, { headers })
})
