import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { OfferChoice } from '@/components/offer/offer-choice'
import { OfferSummary } from '@/components/offer/offer-summary'
import { ProviderRecordPanel } from '@/components/offer/provider-record'
import { RentPanel } from '@/components/rent/rent-panel'
import { findAppChain } from '@/lib/chain/chains'
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
  const loaded = await read(props)
  if (loaded.kind !== 'found') return { title: 'Offer' }
  const { view } = loaded
  return { title: `${view.offer.gpuCount} × ${view.gpuName} in ${view.region}` }
}

/** One offer: what it is, who provides it, and the panel to rent it. Server-rendered from the database. */
export default async function OfferPage(props: PageProps) {
  const loaded = await read(props)
  if (loaded.kind === 'missing') notFound()
  if (loaded.kind === 'ambiguous') return <OfferChoice views={loaded.views} />
  if (loaded.kind === 'unavailable') {
    return (
      <div className="mx-auto max-w-3xl px-4 py-12">
        <h1 className="text-2xl font-semibold">This offer cannot be shown right now</h1>
        <p className="mt-3 text-muted">
          The market could not be read: {loaded.reason}. Try again in a moment.
        </p>
      </div>
    )
  }
  const { view, provider, terms } = loaded
  const chainName = findAppChain(terms.chainId)?.name ?? `chain ${terms.chainId}`
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 sm:py-8">
      <header>
        <a href="/" className="text-sm text-accent-text underline-offset-2 hover:underline">
          ← Marketplace
        </a>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight sm:text-3xl">
          {view.offer.gpuCount} × {view.gpuName}
        </h1>
        <p className="mt-1 text-muted">
          {view.region} · signed by the provider, paid through the on-chain escrow on {chainName}
        </p>
      </header>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,28rem)] lg:items-start">
        <div className="flex min-w-0 flex-col gap-6">
          <OfferSummary view={view} />
          <ProviderRecordPanel address={view.offer.provider} record={provider} />
        </div>
        <div className="min-w-0">
          <RentPanel
            offer={view.offer}
            access={{ access: view.resources.access, isolation: view.resources.isolation }}
            signature={view.signature}
            chainId={terms.chainId}
            chainName={chainName}
            market={terms.market}
            startWindow={terms.startWindow}
          />
        </div>
      </div>
    </div>
  )
}
