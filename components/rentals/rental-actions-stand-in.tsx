'use client'

import { secondaryButton } from '@/lib/ui/button-styles'
import { useWalletRoot } from '../wallet-root'

/** Where stop, extend and cancel appear once the wallet stack has loaded (a second or so). */
export function ActionsStandIn() {
  const { status, load } = useWalletRoot()
  return (
    <section
      aria-labelledby="actions-heading"
      aria-busy={status !== 'failed'}
      className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-5"
    >
      <h2 id="actions-heading" className="text-lg font-semibold">
        Manage this rental
      </h2>
      {status === 'failed' ? (
        <p className="text-sm text-muted">
          The wallet failed to load, so stop, extend and cancel are unavailable.{' '}
          <button type="button" className={secondaryButton} onClick={load}>
            Retry
          </button>
        </p>
      ) : (
        <p className="text-sm text-muted">Loading your wallet to stop, extend or cancel…</p>
      )}
    </section>
  )
}
