import { formatUsd } from '@/lib/market/offer-format'
import type { OfferView } from '@/lib/market/offer-view'

/** Two providers happen to use the same offer id: the renter picks whose offer they meant. */
export function OfferChoice({ views }: { views: OfferView[] }) {
  return (
    <div className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="text-2xl font-semibold">Several providers use this offer id</h1>
      <p className="mt-3 text-muted">Pick the provider whose offer you meant.</p>
      <ul className="mt-6 flex flex-col gap-2">
        {views.map((view) => (
          <li key={view.offer.provider}>
            <a
              href={`/offers/${view.offer.offerId}?provider=${view.offer.provider}`}
              className="flex flex-wrap items-baseline justify-between gap-2 rounded-md border border-line bg-surface px-4 py-3 hover:bg-subtle"
            >
              <span className="font-medium">
                {view.offer.gpuCount} × {view.gpuName}, {view.region}
              </span>
              <span className="text-sm text-muted">
                {formatUsd(view.pricePerHourUsd)}/h · <span className="font-mono">{view.offer.provider}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  )
}
