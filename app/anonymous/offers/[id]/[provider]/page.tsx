import type { Metadata } from 'next'
import { OfferPageBody, offerMetadata } from '@/components/offer/offer-page'
import { ANY_PROVIDER } from '@/lib/market/anonymous-visit'
import { loadOffer } from '@/lib/server/queries/load-offer'

/*
 * What an offer's page shows an anonymous visitor (proxy.ts rewrites `/offers/<id>?provider=<address>`
 * here when the request carries no cookie but the theme's): nothing of the visitor is read, so one
 * rendering per offer serves them all, regenerated as the marketplace's is (app/anonymous/[page]).
 */
export const dynamic = 'force-static'
/** OFFERS_FRESH_MS in seconds: Next reads this literal from the source. */
export const revalidate = 2

type PageProps = { params: Promise<{ id: string; provider: string }> }

/** Nothing is rendered at build time; each offer's first anonymous visit renders its page. */
export function generateStaticParams(): { id: string; provider: string }[] {
  return []
}

async function read({ params }: PageProps) {
  const { id, provider } = await params
  return loadOffer(id, provider === ANY_PROVIDER ? undefined : provider)
}

export async function generateMetadata(props: PageProps): Promise<Metadata> {
  return offerMetadata(await read(props))
}

export default async function AnonymousOfferPage(props: PageProps) {
  return <OfferPageBody loaded={await read(props)} />
}
