import { type NextRequest, NextResponse } from 'next/server'
import { anonymousRendering } from './lib/market/anonymous-visit'

/**
 * An anonymous visit to the marketplace or an offer's page (lib/market/anonymous-visit.ts) is
 * answered from the rendering Next regenerates in the background rather than rendered per request;
 * anything else is rendered for its visitor. The shared renderings' own paths are no pages to link
 * to: they lead back to the marketplace.
 */
export function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith('/anonymous/'))
    return NextResponse.redirect(new URL('/', request.url), 308)
  const shared = anonymousRendering(request)
  if (shared === undefined) return NextResponse.next()
  return NextResponse.rewrite(new URL(shared, request.url))
}

export const config = { matcher: ['/', '/offers/:id', '/anonymous/:path*'] }
