import { themeCookieName } from '../ui/theme-cookie'

/** Where `/` is answered for an anonymous visit: app/anonymous/[page]/page.tsx, regenerated in the background. */
export const ANONYMOUS_MARKETPLACE = '/anonymous/marketplace'

/** The provider segment of an anonymous offer page whose link named no provider. */
export const ANY_PROVIDER = 'any'

const OFFER_PATH = /^\/offers\/(0x[0-9a-fA-F]{64})$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/

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

function isAnonymous(request: { method: string; headers: Headers }): boolean {
  const cookie = request.headers.get('cookie')
  return (
    request.method === 'GET' &&
    (cookie === null || cookieNames(cookie).every((name) => RENDER_NEUTRAL_COOKIES.has(name))) &&
    ROUTER_HEADERS.every((name) => !request.headers.has(name))
  )
}

/**
 * Where an anonymous visit is answered from the rendering every such visitor shares, or undefined
 * when the page must be rendered for this visitor. Anonymous: a GET with no cookie but the theme's
 * (so no saved wallet or session to show) and not from the Next router, of the marketplace `/` with
 * no search, or of an offer's page `/offers/<id>` with no search but its `provider`.
 */
export function anonymousRendering(request: {
  method: string
  url: string
  headers: Headers
}): string | undefined {
  if (!isAnonymous(request)) return undefined
  const url = new URL(request.url)
  if (url.pathname === '/') return url.search === '' ? ANONYMOUS_MARKETPLACE : undefined
  const offerId = OFFER_PATH.exec(url.pathname)?.[1]
  if (!offerId) return undefined
  const params = [...url.searchParams]
  if (params.length === 0) return `/anonymous/offers/${offerId}/${ANY_PROVIDER}`
  const [only] = params
  if (params.length !== 1 || only?.[0] !== 'provider' || !ADDRESS.test(only[1])) return undefined
  return `/anonymous/offers/${offerId}/${only[1]}`
}
