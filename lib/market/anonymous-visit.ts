import { themeCookieName } from '@/lib/ui/theme-cookie'

/** Where `/` is answered for an anonymous visit: app/anonymous/[page]/page.tsx, regenerated in the background. */
export const ANONYMOUS_VISIT_PATH = '/anonymous/marketplace'

/** Headers the Next router sends when it fetches a page's data for a client-side navigation. */
const ROUTER_HEADERS = ['rsc', 'next-router-prefetch', 'next-router-state-tree']

/**
 * Cookies that do not change what the server renders. The theme is applied before first paint by
 * the root layout's inline script (lib/ui/theme-script.ts), so a visitor who only chose a theme
 * sees the same HTML as one who never came before.
 */
const RENDER_NEUTRAL_COOKIES = new Set([themeCookieName])

function cookieNames(header: string): string[] {
  return header
    .split(';')
    .map((pair) => pair.split('=', 1)[0]?.trim() ?? '')
    .filter((name) => name !== '')
}

/**
 * Whether a request for the marketplace is an anonymous visit, which every such visitor sees alike:
 * a GET of `/` with no search, no cookie but the theme's (so no saved wallet or session to show) and
 * not from the Next router. Anything else makes the page one rendered for this visitor.
 */
export function isAnonymousVisit(request: { method: string; url: string; headers: Headers }): boolean {
  const url = new URL(request.url)
  const cookie = request.headers.get('cookie')
  return (
    request.method === 'GET' &&
    url.pathname === '/' &&
    url.search === '' &&
    (cookie === null || cookieNames(cookie).every((name) => RENDER_NEUTRAL_COOKIES.has(name))) &&
    ROUTER_HEADERS.every((name) => !request.headers.has(name))
  )
}
