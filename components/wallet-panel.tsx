import { primaryButton, secondaryButton } from '@/lib/ui/button-styles'
import { shortAddress } from '@/lib/wallet/short-address'

export type WalletPanelProps = {
  /** Completes "Connect a wallet …", e.g. "to see the rentals you paid for". */
  reason: string
  /** What the page will show for a connected account. */
  connectedNote: string
  address: string | undefined
  chainName?: string | undefined
  onAction: () => void
  busy?: boolean
}

/** The wallet box of pages that need one: looks the same before and after the wallet stack loads. */
export function WalletPanel({ reason, connectedNote, address, chainName, onAction, busy }: WalletPanelProps) {
  return (
    <section
      aria-label="Wallet"
      aria-busy={busy}
      className="flex flex-col gap-4 rounded-lg border border-line bg-surface p-5 sm:flex-row sm:items-center sm:justify-between"
    >
      {address ? (
        <p className="text-sm text-muted">
          Connected as <span className="font-mono text-fg">{shortAddress(address)}</span>
          {chainName ? ` on ${chainName}` : null}. {connectedNote}
        </p>
      ) : (
        <p className="text-sm text-muted">
          <span className="font-medium text-fg">No wallet connected.</span> Connect a wallet {reason}.
        </p>
      )}
      <button type="button" className={address ? secondaryButton : primaryButton} onClick={onAction}>
        {address ? 'Account' : 'Connect wallet'}
      </button>
    </section>
  )
}
