'use client'

import { useEffect, useState } from 'react'
import type { OfferView } from '@/lib/market/offer-list'

type Found = { href: string; price: string } | null | undefined

/**
 * Providers re-sign their offers every few minutes under new ids: this finds the same provider's
 * current offer for the same GPUs, so an expired page leads straight to one that can be rented.
 */
export function FreshOfferLink({ offer }: { offer: OfferView['offer'] }) {
  const [found, setFound] = useState<Found>(undefined)
  useEffect(() => {
    const controller = new AbortController()
    const q = `provider=${offer.provider} gpus=${offer.gpuCount}`
    fetch(`/api/offers?q=${encodeURIComponent(q)}&limit=50`, { signal: controller.signal })
      .then((response) =>
        response.ok ? (response.json() as Promise<{ offers: OfferView[] }>) : { offers: [] },
      )
      .then(({ offers }) => {
        const same = offers
          .filter((v) => v.offer.gpuModel === offer.gpuModel && v.offer.offerId !== offer.offerId)
          .sort((a, b) => Number(b.offer.expiresAt) - Number(a.offer.expiresAt))[0]
        setFound(
          same
            ? {
                href: `/offers/${same.offer.offerId}?provider=${same.offer.provider}`,
                price: same.pricePerHourUsd.toFixed(2),
              }
            : null,
        )
      })
      .catch(() => setFound(null))
    return () => controller.abort()
  }, [offer.provider, offer.gpuCount, offer.gpuModel, offer.offerId])

  if (found === undefined)
    return <p className="text-sm text-muted">Looking for the provider’s current offer…</p>
  if (found === null)
    return (
      <a href="/" className="text-sm font-medium text-accent-text underline underline-offset-2">
        The provider lists no such offer now: back to the marketplace
      </a>
    )
  return (
    <a href={found.href} className="text-sm font-medium text-accent-text underline underline-offset-2">
      Open the provider’s current offer for these GPUs (${found.price}/h)
    </a>
  )
}
