import { notFound } from 'next/navigation'
import { Marketplace } from '@/components/market/marketplace'
import { ANONYMOUS_MARKETPLACE } from '@/lib/market/anonymous-visit'
import { initialSearch } from '@/lib/market/search-state'
import { loadMarket } from '@/lib/server/queries/load-market'

/*
 * What `/` shows an anonymous visitor, with no search and no cookie but the theme's (proxy.ts
 * rewrites such requests here; the theme is applied by the root layout's inline script): no wallet
 * or session to read, so one rendering serves them all. Next regenerates it in the
 * background at most every OFFERS_FRESH_MS, serves it at most OFFERS_MAX_AGE_MS after it was
 * rendered (next.config.ts's expireTime; past it, the next visitor waits for a new rendering), and
 * each rendering reads the database afresh: no visitor sees offers older than /api/offers would
 * answer (lib/market/offer-freshness.ts). With force-static, cookies() and headers() are empty
 * here: nothing such a visitor sends changes the HTML.
 */
export const dynamic = 'force-static'
/** OFFERS_FRESH_MS in seconds: Next reads this literal from the source. */
export const revalidate = 2

/** Nothing is rendered at build time (there is no database then); the first visit renders it. */
export function generateStaticParams(): { page: string }[] {
  return []
}

export default async function AnonymousMarketplacePage({ params }: { params: Promise<{ page: string }> }) {
  if (`/anonymous/${(await params).page}` !== ANONYMOUS_MARKETPLACE) notFound()
  const initial = initialSearch(new URLSearchParams())
  return <Marketplace initial={initial} market={await loadMarket(initial, { fresh: true })} />
}
