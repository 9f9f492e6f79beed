'use client'

import { lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useWalletIntent, useWalletWhenVisible } from '@/components/wallet-intent'
import { WalletIsland } from '@/components/wallet-island'
import { useWalletRoot } from '@/components/wallet-root'
import type { OfferAccess } from '@/lib/chain/offer-resources'
import type { OfferView } from '@/lib/market/offer-view'
import { type DraftErrors, draftToSpec, emptyDraft, type JobSpecDraft } from '@/lib/rent/job-spec-draft'
import { durationFromHours, hoursText } from '@/lib/rent/rent-checks'
import { deriveSteps, initialFlow } from '@/lib/rent/rent-flow'
import { loadDraft, loadPending, type PendingRental, saveDraft, sessionStore } from '@/lib/rent/rent-storage'
import { runnerNotes } from '@/lib/rent/runner-notes'
import { primaryButton } from '@/lib/ui/button-styles'
import { CostSummary } from './cost-summary'
import { DurationField } from './duration-field'
import { JobSpecForm } from './job-spec-form'
import { OfferExpiry } from './offer-expiry'
import { RentSteps } from './rent-steps'

const RentActions = lazy(() => import('./rent-actions').then((module) => ({ default: module.RentActions })))

export type RentPanelProps = {
  offer: OfferView['offer']
  /** The ways in and the runner the provider signed with the offer: the form says what they allow. */
  access: OfferAccess
  signature: string
  chainId: number
  chainName: string
  market: `0x${string}`
  startWindow: number | null
}

/**
 * The rent panel: duration, exact cost and refund, the job spec, and the rent flow. The inputs live
 * here, outside the wallet island, so nothing typed is lost while the wallet stack loads; they are
 * kept in sessionStorage per offer, so nothing is lost to a failed step or a reload either.
 */
export function RentPanelLive({
  offer,
  access,
  signature,
  chainId,
  chainName,
  market,
  startWindow,
}: RentPanelProps) {
  const defaultHours = hoursText(Math.max(offer.minDuration, Math.min(3600, offer.maxDuration)))
  const [draft, setDraft] = useState<JobSpecDraft>(emptyDraft)
  const [hours, setHours] = useState(defaultHours)
  const [undo, setUndo] = useState<JobSpecDraft | undefined>(undefined)
  const [pending, setPending] = useState<PendingRental | undefined>(undefined)
  const [restored, setRestored] = useState(false)
  const [showErrors, setShowErrors] = useState(false)

  // After hydration (the server has no sessionStorage): what this tab typed, and any rent it sent
  // (shown with the draft as it was when the rent was sent: saving stops once one is).
  useEffect(() => {
    const storage = sessionStore()
    const paid = loadPending(storage, offer.offerId)
    const saved = loadDraft(storage, offer.offerId)
    if (saved) {
      setDraft(saved.draft)
      setHours(saved.hours)
    }
    if (paid) {
      setPending(paid)
      setHours(hoursText(paid.duration))
    }
    setRestored(true)
  }, [offer.offerId])

  useEffect(() => {
    if (restored && !pending) saveDraft(sessionStore(), offer.offerId, draft, hours)
  }, [restored, pending, offer.offerId, draft, hours])

  const duration = useMemo(() => durationFromHours(hours, offer), [hours, offer])
  const spec = useMemo(() => draftToSpec(draft), [draft])
  const errors: DraftErrors = showErrors && !spec.ok ? spec.errors : {}
  const onInvalidSpec = useCallback(() => {
    setShowErrors(true)
    // After the errors render: put the cursor in the first field that needs fixing.
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>('[id^="job-"][aria-invalid="true"]')?.focus(),
    )
  }, [])
  const onPending = useCallback((next: PendingRental | undefined) => setPending(next), [])
  const locked = pending !== undefined

  // The wallet stack loads when the panel comes into view or is reached for, not with the page:
  // on a phone the panel is below the offer's details, and someone only reading them never needs it.
  const panel = useRef<HTMLElement>(null)
  useWalletWhenVisible(panel)
  const intent = useWalletIntent()

  return (
    <section
      ref={panel}
      {...intent}
      aria-labelledby="rent-heading"
      className="flex flex-col gap-5 rounded-lg border border-line bg-surface p-4 sm:p-5"
    >
      <div className="flex flex-col gap-2">
        <h2 id="rent-heading" className="text-lg font-semibold">
          Rent this offer
        </h2>
        <OfferExpiry offer={offer} paid={locked} />
      </div>
      <DurationField
        hours={hours}
        onChange={(value) => setHours(value)}
        minDuration={offer.minDuration}
        maxDuration={offer.maxDuration}
        error={duration.ok ? undefined : duration.message}
        disabled={locked}
      />
      <CostSummary
        pricePerHour={BigInt(offer.pricePerHour)}
        duration={duration.ok ? duration.seconds : undefined}
        startWindow={startWindow}
      />
      <JobSpecForm
        draft={draft}
        onChange={(next) => {
          setUndo(undefined)
          setDraft(next)
        }}
        onTemplate={(next) => {
          setUndo(draft)
          setDraft(next)
        }}
        onUndo={
          undo
            ? () => {
                setDraft(undo)
                setUndo(undefined)
              }
            : undefined
        }
        errors={errors}
        locked={locked}
        notes={runnerNotes(access)}
      />
      <WalletIsland fallback={<RentActionsStandIn chainName={chainName} />}>
        <RentActions
          offer={offer}
          signature={signature}
          chainId={chainId}
          chainName={chainName}
          market={market}
          duration={duration}
          spec={spec}
          pending={pending}
          onPending={onPending}
          onInvalidSpec={onInvalidSpec}
        />
      </WalletIsland>
    </section>
  )
}

/** Until the wallet stack is loaded: the same steps, all ahead, and a button that starts connecting. */
function RentActionsStandIn({ chainName }: { chainName: string }) {
  const { status, openWallet } = useWalletRoot()
  const facts = { connected: false, chainOk: false, signedIn: false }
  return (
    <div className="flex flex-col gap-4">
      <RentSteps steps={deriveSteps(facts, initialFlow)} chainName={chainName} />
      <button
        type="button"
        className={`${primaryButton} h-10 w-full`}
        onClick={openWallet}
        aria-busy={status === 'loading'}
      >
        {status === 'failed' ? 'Wallet failed to load, retry' : 'Connect wallet'}
      </button>
    </div>
  )
}
