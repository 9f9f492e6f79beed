'use client'

import type { ReactNode } from 'react'
import type { State } from 'wagmi'
import { type InitialSession, InitialSessionContext } from '@/lib/session/initial-session-context'
import { WalletRoot } from './wallet-root'

type AppProvidersProps = {
  children: ReactNode
  walletState: State | undefined
  /** The sign-in session read while rendering; undefined when the server could not tell. */
  session: InitialSession
}

/**
 * The first-paint client providers: the session read while rendering (for the query cache, created
 * by the first page or island that needs one: components/query-provider.tsx) and the wallet root.
 */
export function AppProviders({ children, walletState, session }: AppProvidersProps) {
  return (
    <InitialSessionContext value={session}>
      <WalletRoot initialState={walletState}>{children}</WalletRoot>
    </InitialSessionContext>
  )
}
