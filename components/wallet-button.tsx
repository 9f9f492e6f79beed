'use client'

import { ConnectButton } from '@rainbow-me/rainbowkit'
import { appChains } from '@/lib/chain/chains'
import { primaryButton, secondaryButton } from './button-styles'

/** The header's wallet control once the wallet stack is loaded (styled like its stand-in). */
export function WalletButton() {
  return (
    <ConnectButton.Custom>
      {({ account, chain, mounted, openAccountModal, openChainModal, openConnectModal }) => {
        if (!account || !chain) {
          return (
            <button type="button" className={primaryButton} onClick={openConnectModal} disabled={!mounted}>
              Connect wallet
            </button>
          )
        }
        if (chain.unsupported) {
          return (
            <button type="button" className={secondaryButton} onClick={openChainModal}>
              Wrong network
            </button>
          )
        }
        return (
          <span className="flex items-center gap-2">
            {appChains.length > 1 ? (
              <button
                type="button"
                className={`${secondaryButton} hidden sm:inline-flex`}
                onClick={openChainModal}
              >
                {chain.name ?? `Chain ${chain.id}`}
              </button>
            ) : null}
            <button
              type="button"
              className={`${secondaryButton} font-mono`}
              onClick={openAccountModal}
              aria-label={`Wallet ${account.address}, open account menu`}
            >
              {account.displayName}
            </button>
          </span>
        )
      }}
    </ConnectButton.Custom>
  )
}
