'use client'

import { useEffect, useState } from 'react'
import { formatUsdcFigure } from '@/lib/format/token-amount'
import { loadPending, type PendingRental, sessionStore } from '@/lib/rent/rent-storage'
import { primaryButton } from '@/lib/ui/button-styles'

type Place = { offerId: string; provider: string | null }

/**
 * An offer page whose offer is gone: rented (perhaps by this tab, which then links to its rental)
 * or expired and re-signed under a new id. Reads the offer id from the address bar, because
 * not-found pages get no params.
 */
export function OfferGone() {
  const [place, setPlace] = useState<Place | undefined>(undefined)
  const [pending, setPending] = useState<PendingRental | undefined>(undefined)

  useEffect(() => {
    const offerId = decodeURIComponent(window.location.pathname.split('/').at(-1) ?? '')
    setPlace({ offerId, provider: new URLSearchParams(window.location.search).get('provider') })
    setPending(loadPending(sessionStore(), offerId))
  }, [])

  if (pending) {
    return (
      <section
        aria-label="Your rental of this offer"
        className="mt-6 flex flex-col gap-3 rounded-lg border border-line bg-surface p-5"
      >
        <p className="text-sm">
          You rented this offer from this tab: {formatUsdcFigure(BigInt(pending.deposit))} USDC{' '}
          {pending.stage === 'mined' ? 'is in escrow' : 'is on its way to escrow'} for rental{' '}
          <span className="font-mono">#{pending.rentalId.slice(0, 10)}…</span>, with its job spec sealed to
          the provider.
        </p>
        <div className="flex flex-wrap gap-2">
          <a href={`/rentals/${pending.rentalId}`} className={primaryButton}>
            Open the rental
          </a>
        </div>
      </section>
    )
  }
  if (!place?.provider) return null
  return (
    <p className="mt-6 text-sm">
      <a
        href={`/?q=${encodeURIComponent(`provider=${place.provider}`)}`}
        className="font-medium text-accent-text underline underline-offset-2"
      >
        See this provider’s current offers
      </a>{' '}
      <span className="text-muted">
        (what you typed for the job spec is kept for the next offer you open).
      </span>
    </p>
  )
}
