import { type NextRequest, NextResponse } from 'next/server'
import { FIRST_VISIT_PATH, isFirstVisit } from './lib/market/first-visit'

/**
 * A first visit to the marketplace (lib/market/first-visit.ts) is answered from the rendering Next
 * regenerates in the background rather than rendered per request; anything else is rendered for
 * its visitor. The first visit's own path is no page to link to: it leads back to `/`.
 */
export function proxy(request: NextRequest) {
  if (request.nextUrl.pathname !== '/') return NextResponse.redirect(new URL('/', request.url), 308)
  if (!isFirstVisit(request)) return NextResponse.next()
  return NextResponse.rewrite(new URL(FIRST_VISIT_PATH, request.url))
}

export const config = { matcher: ['/', '/first-visit/:path*'] }
