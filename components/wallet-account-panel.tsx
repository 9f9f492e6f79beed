'use client'

import { useAccountModal, useConnectModal } from '@rainbow-me/rainbowkit'
import { useAccount } from 'wagmi'
import { WalletPanel } from './wallet-panel'

/** The live wallet box: follows connects, disconnects and account switches as they happen. */
export function WalletAccountPanel({ reason, connectedNote }: { reason: string; connectedNote: string }) {
  const { address, chain, status } = useAccount()
  const { openConnectModal } = useConnectModal()
  const { openAccountModal } = useAccountModal()
  return (
    <WalletPanel
      reason={reason}
      connectedNote={connectedNote}
      address={address}
      chainName={chain?.name}
      onAction={() => (address ? openAccountModal : openConnectModal)?.()}
      busy={status === 'connecting' || status === 'reconnecting'}
    />
  )
}
