'use client'

import { secondaryButton } from '@/lib/ui/button-styles'
import { useWalletIntent } from '../wallet-intent'
import { useWalletRoot } from '../wallet-root'

/**
 * Where stop, extend and cancel appear once the wallet stack is loaded. Watching a job needs no
 * wallet, so the stack loads only when someone reaches for this panel (pointer, focus, a tap) or
 * presses its button.
 */
export function ActionsStandIn() {
  const { status, load } = useWalletRoot()
  const intent = useWalletIntent()
  return (
    <section
      aria-labelledby="actions-heading"
      aria-busy={status === 'loading'}
      className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-5"
      {...intent}
    >
      <h2 id="actions-heading" className="text-lg font-semibold">
        Manage this rental
      </h2>
      <p className="text-sm text-muted">
        {status === 'failed'
          ? 'The wallet failed to load, so stop, extend and cancel are unavailable.'
          : status === 'loading'
            ? 'Loading your wallet to stop, extend or cancel…'
            : 'Stop, extend or cancel this rental with the wallet that rented it.'}
      </p>
      <div>
        <button type="button" className={secondaryButton} onClick={load} disabled={status === 'loading'}>
          {status === 'failed' ? 'Retry' : 'Stop, extend or cancel'}
        </button>
      </div>
    </section>
  )
}
