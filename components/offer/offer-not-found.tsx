import { OfferGone } from '@/components/offer/offer-gone'

/** What an offer's page shows once its offer is gone. */
export function OfferNotFound() {
  return (
    <div className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">This offer is no longer available</h1>
      <p className="mt-3 text-muted text-pretty">
        Someone has rented it, or it expired: providers re-sign their offers every few minutes under new ids,
        so a link to an offer lasts only a short while.
      </p>
      <OfferGone />
      <a
        href="/"
        className="mt-6 inline-block text-sm font-medium text-accent-text underline underline-offset-2"
      >
        Back to the marketplace
      </a>
    </div>
  )
}
