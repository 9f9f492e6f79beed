import type { OfferView } from './offer-view'

/*
 * Kept apart from offer-view.ts, whose schemas (zod and all) the marketplace loads only with its
 * first fetch: this is in the page's first load.
 */

/**
 * An offer as the marketplace's listing holds it: everything a row shows, sorts and filters by,
 * without the signatures, which only renting needs (the offer's own page reads them afresh).
 * The first page travels in every `/` document, so they are left out of it.
 */
export type ListedOffer = Omit<OfferView, 'signature' | 'resourcesSignature'>

/** `view` as the listing holds it. */
export function listedOffer({
  signature: _offer,
  resourcesSignature: _resources,
  ...listed
}: OfferView): ListedOffer {
  return listed
}
