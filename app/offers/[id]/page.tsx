import type { Metadata } from 'next'
import { OfferPageBody, offerMetadata } from '@/components/offer/offer-page'
import { loadOffer } from '@/lib/server/queries/load-offer'

type PageProps = {
  params: Promise<{ id: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

async function read({ params, searchParams }: PageProps) {
  const [{ id }, query] = await Promise.all([params, searchParams])
  const provider = typeof query.provider === 'string' ? query.provider : undefined
  return loadOffer(id, provider)
}

export async function generateMetadata(props: PageProps): Promise<Metadata> {
  return offerMetadata(await read(props))
}

/**
 * One offer, rendered for this visitor from the database. An anonymous visit is answered by
 * app/anonymous/offers instead (see proxy.ts).
 */
export default async function OfferPage(props: PageProps) {
  return <OfferPageBody loaded={await read(props)} />
}
