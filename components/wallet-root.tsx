'use client'

import type { QueryClient } from '@tanstack/react-query'
import {
  type ComponentType,
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from 'react'
import type { State } from 'wagmi'
import { RenderBoundary } from './render-boundary'
import type { WalletProvidersProps } from './wallet-providers'

export type WalletStatus = 'idle' | 'loading' | 'ready' | 'failed'

/** Where a wallet island is mounted, what to render there, and its stand-in while that loads. */
export type WalletIslandMount = { node: HTMLElement; element: ReactNode; fallback: ReactNode }

type WalletRootValue = {
  status: WalletStatus
  /** Starts loading the wallet stack (idempotent); call it when the user shows intent. */
  load: () => void
  /** Loads the stack if needed, then opens the connect modal (or the account modal when connected). */
  openWallet: () => void
  register: (id: string, mount: WalletIslandMount) => () => void
}

const WalletRootContext = createContext<WalletRootValue | null>(null)

export function useWalletRoot(): WalletRootValue {
  const value = useContext(WalletRootContext)
  if (!value)
    throw new Error('Wallet islands must be rendered inside <WalletRoot>, which the root layout provides.')
  return value
}

type WalletRootProps = { children: ReactNode; initialState: State | undefined; queryClient: QueryClient }

/**
 * Keeps RainbowKit and the wagmi connectors out of the page's JavaScript until someone reaches for
 * the wallet: a pointer or focus on wallet UI, a click on it, a rent panel scrolled into view (see
 * wallet-intent.ts), or a page that is useless without a wallet. Nobody who only browses pays for
 * it. The stack is rendered beside the page rather than around it: wallet islands are portalled into
 * it, so its arrival never remounts the page (no lost focus, scroll or input) and one wagmi config
 * serves every island.
 */
export function WalletRoot({ children, initialState, queryClient }: WalletRootProps) {
  const [status, setStatus] = useState<WalletStatus>('idle')
  const [Stack, setStack] = useState<ComponentType<WalletProvidersProps> | null>(null)
  const [mounts, setMounts] = useState<ReadonlyMap<string, WalletIslandMount>>(() => new Map())
  const [openRequests, setOpenRequests] = useState(0)
  const loading = useRef(false)

  // A failed download (offline, a new deploy) or a stack that throws is retried on the next click.
  const fail = useCallback(() => {
    loading.current = false
    setStack(null)
    setStatus('failed')
  }, [])

  const load = useCallback(() => {
    if (loading.current) return
    loading.current = true
    setStatus('loading')
    import('./wallet-providers').then(
      (module) => {
        setStack(() => module.WalletProviders)
        setStatus('ready')
      },
      (error: unknown) => {
        console.error('The wallet stack failed to load.', error)
        fail()
      },
    )
  }, [fail])

  const openWallet = useCallback(() => {
    setOpenRequests((count) => count + 1)
    load()
  }, [load])

  const register = useCallback((id: string, mount: WalletIslandMount) => {
    setMounts((previous) => new Map(previous).set(id, mount))
    return () =>
      setMounts((previous) => {
        const next = new Map(previous)
        next.delete(id)
        return next
      })
  }, [])

  const value = useMemo(() => ({ status, load, openWallet, register }), [status, load, openWallet, register])

  return (
    <WalletRootContext.Provider value={value}>
      {children}
      {Stack ? (
        <RenderBoundary fallback={null} onError={fail}>
          <Stack
            initialState={initialState}
            queryClient={queryClient}
            mounts={mounts}
            openRequests={openRequests}
          />
        </RenderBoundary>
      ) : null}
    </WalletRootContext.Provider>
  )
}
