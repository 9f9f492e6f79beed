'use client'

import { type MouseEvent, useEffect, useState } from 'react'
import { marketGet } from '@/lib/http/market-client'
import { type OfferView, offerPageSchema } from '@/lib/market/offer-view'

type Found = { href: string; price: string } | null | undefined

/** The same provider's newest listed offer for the same GPUs, or null when it lists none. */
type OfferKey = Pick<OfferView['offer'], 'provider' | 'gpuCount' | 'gpuModel' | 'offerId'>

async function findFreshOffer(offer: OfferKey, signal?: AbortSignal): Promise<Found> {
  const q = `provider=${offer.provider} gpus=${offer.gpuCount}`
  // Any failure rejects, which both callers take as "no such offer now".
  const { offers } = await marketGet(`/api/offers?q=${encodeURIComponent(q)}&limit=50`, offerPageSchema, {
    signal,
  })
  const same = offers
    .filter((v) => v.offer.gpuModel === offer.gpuModel && v.offer.offerId !== offer.offerId)
    .sort((a, b) => Number(b.offer.expiresAt) - Number(a.offer.expiresAt))[0]
  return same
    ? {
        href: `/offers/${same.offer.offerId}?provider=${same.offer.provider}`,
        price: same.pricePerHourUsd.toFixed(2),
      }
    : null
}

/**
 * Providers re-sign their offers every few minutes under new ids: this finds the same provider's
 * current offer for the same GPUs, so an expired page leads straight to one that can be rented. The
 * link looks again when followed, since the offer it showed may itself have been replaced since.
 */
export function FreshOfferLink({ offer }: { offer: OfferView['offer'] }) {
  const [found, setFound] = useState<Found>(undefined)
  const { provider, gpuCount, gpuModel, offerId } = offer
  useEffect(() => {
    const controller = new AbortController()
    findFreshOffer({ provider, gpuCount, gpuModel, offerId }, controller.signal).then(setFound, () =>
      setFound(null),
    )
    return () => controller.abort()
  }, [provider, gpuCount, gpuModel, offerId])

  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault()
    const shown = event.currentTarget.href
    findFreshOffer(offer).then(
      (now) => window.location.assign(now?.href ?? shown),
      () => window.location.assign(shown),
    )
  }

  if (found === undefined)
    return <p className="text-sm text-muted">Looking for the provider’s current offer…</p>
  if (found === null)
    return (
      <a href="/" className="text-sm font-medium text-accent-text underline underline-offset-2">
        The provider lists no such offer now: back to the marketplace
      </a>
    )
  return (
    <a
      href={found.href}
      onClick={follow}
      className="text-sm font-medium text-accent-text underline underline-offset-2"
    >
      Open the provider’s current offer for these GPUs (${found.price}/h)
    </a>
  )
}
