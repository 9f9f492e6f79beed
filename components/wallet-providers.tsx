'use client'

import '@rainbow-me/rainbowkit/styles.css'
import {
  darkTheme,
  lightTheme,
  RainbowKitProvider,
  useAccountModal,
  useConnectModal,
} from '@rainbow-me/rainbowkit'
import { Suspense, useEffect, useMemo, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { type State, WagmiProvider } from 'wagmi'
import { createWagmiConfig } from '@/lib/chain/wagmi-config'
import { useColorScheme } from '@/lib/ui/color-scheme'
import { walletConnectors } from '@/lib/wallet/wallet-connectors'
import { QueryProvider } from './query-provider'
import { RenderBoundary } from './render-boundary'
import { SessionProvider } from './session/session-provider'
import type { WalletIslandMount } from './wallet-root'

export type WalletProvidersProps = {
  initialState: State | undefined
  mounts: ReadonlyMap<string, WalletIslandMount>
  /** Bumped by every "Connect wallet" click made before or after this stack loaded. */
  openRequests: number
}

const accentColor = '#4f46e5'

/**
 * The wallet stack (the one client boundary that imports wagmi connectors and RainbowKit), loaded
 * lazily by WalletRoot. Wallet islands are portalled in, so they share this one provider tree; its
 * query cache is the app's one (wallet hooks and the marketplace's queries share it).
 */
export function WalletProviders({ initialState, mounts, openRequests }: WalletProvidersProps) {
  const [config] = useState(() => createWagmiConfig(walletConnectors()))
  const scheme = useColorScheme()
  const theme = useMemo(
    () => (scheme === 'dark' ? darkTheme({ accentColor: '#818cf8' }) : lightTheme({ accentColor })),
    [scheme],
  )
  return (
    <WagmiProvider config={config} initialState={initialState}>
      <QueryProvider>
        <SessionProvider>
          <RainbowKitProvider appInfo={{ appName: 'Weft' }} theme={theme} modalSize="compact">
            <OpenOnRequest requests={openRequests} />
            {[...mounts].map(([id, { node, element, fallback }]) =>
              createPortal(
                <RenderBoundary fallback={fallback}>
                  <Suspense fallback={fallback}>{element}</Suspense>
                </RenderBoundary>,
                node,
                id,
              ),
            )}
          </RainbowKitProvider>
        </SessionProvider>
      </QueryProvider>
    </WagmiProvider>
  )
}

/** Honours clicks made on the server-rendered button while this stack was still downloading. */
function OpenOnRequest({ requests }: { requests: number }) {
  const { openConnectModal } = useConnectModal()
  const { openAccountModal } = useAccountModal()
  const handled = useRef(0)
  useEffect(() => {
    // Both are undefined while wagmi is still reconnecting; the effect runs again when one appears.
    const open = openConnectModal ?? openAccountModal
    if (requests > handled.current && open) {
      handled.current = requests
      open()
    }
  }, [requests, openConnectModal, openAccountModal])
  return null
}
