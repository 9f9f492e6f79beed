'use client'

import { useEffect, useState } from 'react'
import { formatUsdcFigure } from '@/lib/format/token-amount'
import { deliverJobSpec } from '@/lib/rent/deliver-job'
import { loadPending, type PendingRental, savePending, sessionStore } from '@/lib/rent/rent-storage'
import { primaryButton, secondaryButton } from '@/lib/ui/button-styles'

type Place = { offerId: string; provider: string | null }

/**
 * An offer page whose offer is gone: rented (perhaps by this tab, in which case its job spec may
 * still have to reach the provider) or expired and re-signed under a new id. Reads the offer id
 * from the address bar, because not-found pages get no params.
 */
export function OfferGone() {
  const [place, setPlace] = useState<Place | undefined>(undefined)
  const [pending, setPending] = useState<PendingRental | undefined>(undefined)
  const [delivery, setDelivery] = useState<{ busy: boolean; error?: string }>({ busy: false })

  useEffect(() => {
    const offerId = decodeURIComponent(window.location.pathname.split('/').at(-1) ?? '')
    setPlace({ offerId, provider: new URLSearchParams(window.location.search).get('provider') })
    setPending(loadPending(sessionStore(), offerId))
  }, [])

  async function deliver(paid: PendingRental) {
    setDelivery({ busy: true })
    const result = await deliverJobSpec(paid.rentalId, paid.spec)
    if (!result.ok) {
      setDelivery({
        busy: false,
        error: result.needsSignIn
          ? 'Your sign-in has ended: sign in with the wallet button at the top, then retry.'
          : result.message,
      })
      return
    }
    const done = { ...paid, stage: 'delivered' as const }
    savePending(sessionStore(), done)
    window.location.assign(`/rentals/${paid.rentalId}`)
  }

  if (pending) {
    const delivered = pending.stage === 'delivered'
    return (
      <section
        aria-label="Your rental of this offer"
        className="mt-6 flex flex-col gap-3 rounded-lg border border-line bg-surface p-5"
      >
        <p className="text-sm">
          You rented this offer from this tab: {formatUsdcFigure(BigInt(pending.deposit))} USDC is in escrow
          for rental <span className="font-mono">#{pending.rentalId.slice(0, 10)}…</span>.
        </p>
        {delivered ? null : (
          <p className="text-sm text-muted text-pretty">
            Its job spec has not reached the provider yet. The provider starts once it has it; if it has not
            started within the start window you can cancel on the rental’s page for a full refund.
          </p>
        )}
        {delivery.error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {delivery.error}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {delivered ? null : (
            <button
              type="button"
              className={primaryButton}
              disabled={delivery.busy}
              aria-busy={delivery.busy}
              onClick={() => void deliver(pending)}
            >
              {delivery.busy ? 'Sending the job spec…' : 'Deliver the job spec'}
            </button>
          )}
          <a href={`/rentals/${pending.rentalId}`} className={delivered ? primaryButton : secondaryButton}>
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
