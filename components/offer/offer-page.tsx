import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { OfferChoice } from '@/components/offer/offer-choice'
import { OfferSummary } from '@/components/offer/offer-summary'
import { ProviderRecordPanel } from '@/components/offer/provider-record'
import { RentPanel } from '@/components/rent/rent-panel'
import { findAppChain } from '@/lib/chain/chains'
import type { OfferLoad } from '@/lib/server/queries/load-offer'

/** The title of an offer's page. */
export function offerMetadata(loaded: OfferLoad): Metadata {
  if (loaded.kind !== 'found') return { title: 'Offer' }
  const { view } = loaded
  return { title: `${view.offer.gpuCount} × ${view.gpuName} in ${view.region}` }
}

/**
 * One offer: what it is, who provides it, and the panel to rent it, as read for the page (per request
 * in app/offers, or once for every anonymous visitor in app/anonymous/offers).
 */
export function OfferPageBody({ loaded }: { loaded: OfferLoad }) {
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
