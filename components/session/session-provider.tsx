'use client'

import { RainbowKitAuthenticationProvider } from '@rainbow-me/rainbowkit'
import { useQueryClient } from '@tanstack/react-query'
import { type ReactNode, useEffect, useMemo } from 'react'
import { isAddressEqual } from 'viem'
import { useAccount } from 'wagmi'
import { useSession } from '@/lib/session/session-query'
import { siweAdapter } from '@/lib/session/siwe-adapter'

/**
 * SIWE through RainbowKit: after connecting, the modal asks for the sign-in signature. A session
 * that belongs to another address than the connected one (the wallet switched account, or
 * disconnected) is ended, so nobody acts under the previous account's session.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const adapter = useMemo(() => siweAdapter(queryClient), [queryClient])
  const session = useSession()
  const { address, status: accountStatus } = useAccount()

  const signedInAs = session.data?.address
  useEffect(() => {
    if (!signedInAs || accountStatus === 'connecting' || accountStatus === 'reconnecting') return
    if (!address || !isAddressEqual(address, signedInAs)) void adapter.signOut()
  }, [signedInAs, address, accountStatus, adapter])

  const status = session.isPending
    ? 'loading'
    : signedInAs && address && isAddressEqual(address, signedInAs)
      ? 'authenticated'
      : 'unauthenticated'
  return (
    <RainbowKitAuthenticationProvider adapter={adapter} status={status}>
      {children}
    </RainbowKitAuthenticationProvider>
  )
}
