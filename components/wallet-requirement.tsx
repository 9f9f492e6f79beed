'use client'

import { lazy } from 'react'
import type { SavedAccount } from '@/lib/server/queries/saved-wallet'
import { WalletIsland } from './wallet-island'
import { WalletPanel } from './wallet-panel'
import { useWalletRoot } from './wallet-root'

const WalletAccountPanel = lazy(() =>
  import('./wallet-account-panel').then((module) => ({ default: module.WalletAccountPanel })),
)

type WalletRequirementProps = {
  reason: string
  connectedNote: string
  savedAccount: SavedAccount | undefined
}

/** For pages that are useless without a wallet: loads the wallet stack at once and shows the account. */
export function WalletRequirement({ reason, connectedNote, savedAccount }: WalletRequirementProps) {
  return (
    <WalletIsland
      eager
      fallback={
        <WalletPanelStandIn reason={reason} connectedNote={connectedNote} savedAccount={savedAccount} />
      }
    >
      <WalletAccountPanel reason={reason} connectedNote={connectedNote} />
    </WalletIsland>
  )
}

function WalletPanelStandIn({ reason, connectedNote, savedAccount }: WalletRequirementProps) {
  const { status, openWallet } = useWalletRoot()
  return (
    <WalletPanel
      reason={reason}
      connectedNote={connectedNote}
      address={savedAccount?.address}
      chainName={savedAccount?.chainName}
      onAction={openWallet}
      busy={status === 'loading'}
    />
  )
}
