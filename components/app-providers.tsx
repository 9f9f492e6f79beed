'use client'

import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useState } from 'react'
import type { State } from 'wagmi'
import type { SignedIn } from '@/lib/session/session-key'
import { sessionQueryKey } from '@/lib/session/session-query-key'
import { WalletRoot } from './wallet-root'

type AppProvidersProps = {
  children: ReactNode
  walletState: State | undefined
  /** The sign-in session read while rendering; undefined when the server could not tell. */
  session: SignedIn | null | undefined
}

/**
 * The first-paint client providers: one QueryClient for marketplace data, shared with the wallet
 * stack when it arrives (so a rent can invalidate the offers list), and the wallet root.
 */
export function AppProviders({ children, walletState, session }: AppProvidersProps) {
  // Per browser tab (and per request on the server), never module-level.
  const [queryClient] = useState(() => {
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000 } } })
    if (session !== undefined) client.setQueryData(sessionQueryKey, session)
    return client
  })
  return (
    <QueryClientProvider client={queryClient}>
      <WalletRoot initialState={walletState} queryClient={queryClient}>
        {children}
      </WalletRoot>
    </QueryClientProvider>
  )
}
