'use client'

import { useConnectModal } from '@rainbow-me/rainbowkit'
import { useAccount } from 'wagmi'
import { primaryButton } from '@/lib/ui/button-styles'
import { shortAddress } from '@/lib/wallet/short-address'

/**
 * Connects a wallet, or, once one is connected, asks it to sign in: RainbowKit's connect modal holds
 * the Sign-In with Ethereum step while the session is missing.
 */
export function SignInButton() {
  const { address, status } = useAccount()
  const { openConnectModal } = useConnectModal()
  const busy = status === 'connecting' || status === 'reconnecting'
  return (
    <button
      type="button"
      className={primaryButton}
      onClick={() => openConnectModal?.()}
      disabled={!openConnectModal || busy}
      aria-busy={busy}
    >
      {address ? `Sign in as ${shortAddress(address)}` : 'Connect and sign in'}
    </button>
  )
}
