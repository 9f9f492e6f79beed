import { readJsonBody, sameOriginPost } from '@/lib/auth/request-guards'
import { readCookie, sessionCookie, visitorCookieName } from '@/lib/auth/session-cookie'
import { createSession, endSession } from '@/lib/auth/sessions'
import { MAX_SIGN_IN_BODY_BYTES, signInError, verifySignIn } from '@/lib/auth/siwe'
import { checkRateLimit } from '@/lib/http/rate-limit'
import { signInRequestSchema } from '@/lib/protocol/market-wire'
import { ApiError, route } from '@/lib/server/api-error'
import { getServerContext } from '@/lib/server/server-context'
import type { SignedIn } from '@/lib/session/session-key'

export const dynamic = 'force-dynamic'

const body = signInRequestSchema

/**
 * POST /api/auth/verify — `{ message, signature }`: a signed EIP-4361 message for a nonce from
 * /api/auth/nonce. Sets the session cookie and answers `{ address, chainId }`; 400 malformed,
 * 401 refused, 413 too large, 503 chain unreachable (contract wallets), each with a `reason`;
 * 429 past the sign-in rate limit.
 */
export const POST = route(async (request: Request) => {
  const ctx = await getServerContext()
  const limited = await checkRateLimit(request, ctx, 'sign-in')
  if (limited) return limited
  const refused = sameOriginPost(request, ctx.config)
  if (refused) return refused
  const input = body.safeParse(await readJsonBody(request, MAX_SIGN_IN_BODY_BYTES))
  if (!input.success) throw new ApiError('invalid', 'Send { "message": string, "signature": string }.')
  const visitor = readCookie(request, visitorCookieName(ctx.config))
  const result = await verifySignIn(ctx, { ...input.data, visitor })
  if (!result.ok) throw signInError(result)
  const signedIn: SignedIn = { address: result.address, chainId: result.chainId }
  await endSession(request, ctx)
  const { token } = await createSession(ctx, signedIn)
  const headers = new Headers({ 'cache-control': 'no-store' })
  headers.append('set-cookie', sessionCookie(token, ctx.config))
  return Response.json(signedIn, { headers })
})
