'use client'

import { lazy } from 'react'
import { primaryButton, secondaryButton } from '@/lib/ui/button-styles'
import { shortAddress } from '@/lib/wallet/short-address'
import { WalletIsland } from './wallet-island'
import { useWalletRoot } from './wallet-root'

const WalletButton = lazy(() =>
  import('./wallet-button').then((module) => ({ default: module.WalletButton })),
)

/** The header's wallet area: a plain button on first paint, RainbowKit's once the stack is loaded. */
export function HeaderWallet({ savedAddress }: { savedAddress: string | undefined }) {
  return (
    <WalletIsland fallback={<WalletButtonStandIn savedAddress={savedAddress} />}>
      <WalletButton />
    </WalletIsland>
  )
}

/** Reads like the real button (the saved account comes from the wagmi cookie) and forwards clicks. */
function WalletButtonStandIn({ savedAddress }: { savedAddress: string | undefined }) {
  const { status, load, openWallet } = useWalletRoot()
  const label =
    status === 'failed'
      ? 'Wallet failed to load, retry'
      : savedAddress
        ? shortAddress(savedAddress)
        : 'Connect wallet'
  return (
    <button
      type="button"
      className={savedAddress && status !== 'failed' ? `${secondaryButton} font-mono` : primaryButton}
      onClick={openWallet}
      // Start the download as soon as the pointer or focus arrives, before the click.
      onPointerEnter={load}
      onFocus={load}
      aria-busy={status === 'loading'}
    >
      {label}
    </button>
  )
}
