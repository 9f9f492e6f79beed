import { type NextRequest, NextResponse } from 'next/server'
import { ANONYMOUS_VISIT_PATH, isAnonymousVisit } from './lib/market/anonymous-visit'

/**
 * An anonymous visit to the marketplace (lib/market/anonymous-visit.ts) is answered from the
 * rendering Next regenerates in the background rather than rendered per request; anything else is
 * rendered for its visitor. The anonymous rendering's own path is no page to link to: it leads back to `/`.
 */
export function proxy(request: NextRequest) {
  if (request.nextUrl.pathname !== '/') return NextResponse.redirect(new URL('/', request.url), 308)
  if (!isAnonymousVisit(request)) return NextResponse.next()
  return NextResponse.rewrite(new URL(ANONYMOUS_VISIT_PATH, request.url))
}

export const config = { matcher: ['/', '/anonymous/:path*'] }
