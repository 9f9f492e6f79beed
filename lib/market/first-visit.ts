/** Where `/` is answered for a first visit: app/first-visit/[page]/page.tsx, regenerated in the background. */
export const FIRST_VISIT_PATH = '/first-visit/marketplace'

/** Headers the Next router sends when it fetches a page's data for a client-side navigation. */
const ROUTER_HEADERS = ['rsc', 'next-router-prefetch', 'next-router-state-tree']

/**
 * Whether a request for the marketplace is a first visit, which every such visitor sees alike: a GET
 * of `/` with no search, no cookie (so no theme, saved wallet or session to show) and not from the
 * Next router. Any of these makes the page one rendered for this visitor.
 */
export function isFirstVisit(request: { method: string; url: string; headers: Headers }): boolean {
  const url = new URL(request.url)
  return (
    request.method === 'GET' &&
    url.pathname === '/' &&
    url.search === '' &&
    !request.headers.has('cookie') &&
    ROUTER_HEADERS.every((name) => !request.headers.has(name))
  )
}
