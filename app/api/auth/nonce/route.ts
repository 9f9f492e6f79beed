import { issueNonce } from '@/lib/auth/nonces'
import { isToken, newToken, readCookie, visitorCookie, visitorCookieName } from '@/lib/auth/session-cookie'
import { checkRateLimit } from '@/lib/http/rate-limit'
import { route } from '@/lib/server/api-error'
import { getServerContext } from '@/lib/server/server-context'
import type { NonceAnswer } from '@/lib/session/session-key'

export const dynamic = 'force-dynamic'

/**
 * GET /api/auth/nonce — `{ nonce }`, single use, valid ten minutes, bound to this browser by the
 * httpOnly visitor cookie (set here when missing): a nonce only signs in the browser it was issued to.
 */
export const GET = route(async (request: Request) => {
  const { config, store } = await getServerContext()
  const limited = await checkRateLimit(request, { config, store }, 'sign-in')
  if (limited) return limited
  const known = readCookie(request, visitorCookieName(config))
  const visitor = isToken(known) ? known : newToken()
  const nonce = await issueNonce(store.db, visitor)
  const headers = new Headers({ 'cache-control': 'no-store' })
  headers.append('set-cookie', visitorCookie(visitor, config))
  const answer: NonceAnswer = { nonce }
  return Response.json(answer, { headers })
})
