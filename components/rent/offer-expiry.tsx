'use client'

import type { OfferView } from '@/lib/market/offer-view'
import { EXPIRY_MARGIN_SECONDS, expiryText } from '@/lib/rent/rent-checks'
import { useNow } from '@/lib/ui/use-now'
import { FreshOfferLink } from './fresh-offer-link'

/**
 * The offer's remaining life, ticking; past it (or too close to it to rent safely) a warning that
 * leads to the provider's current offer for the same GPUs. A leaf of its own, so the per-second
 * tick re-renders nothing else.
 */
export function OfferExpiry({ offer, paid }: { offer: OfferView['offer']; paid: boolean }) {
  const nowMs = useNow()
  if (nowMs === undefined || paid) return null
  const now = Math.floor(nowMs / 1000)
  const expiresAt = Number(offer.expiresAt)
  if (expiresAt - now > EXPIRY_MARGIN_SECONDS) {
    return <p className="text-xs text-muted tabular-nums">Offer expires {expiryText(expiresAt, now)}</p>
  }
  return (
    <div
      role="alert"
      className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
    >
      <p>
        This offer has {expiresAt <= now ? 'expired' : 'almost expired'}: providers re-sign their offers every
        few minutes. Your job spec comes along to the new one.
      </p>
      <FreshOfferLink offer={offer} />
    </div>
  )
}
