'use client'

import {
  type ComponentType,
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react'
import type { State } from 'wagmi'
import { RenderBoundary } from './render-boundary'
import type { WalletProvidersProps } from './wallet-providers'

export type WalletStatus = 'idle' | 'loading' | 'ready' | 'failed'

/** Where a wallet island is mounted, what to render there, and its stand-in while that loads. */
export type WalletIslandMount = { node: HTMLElement; element: ReactNode; fallback: ReactNode }

type WalletRootValue = {
  /** Starts loading the wallet stack (idempotent); call it when the user shows intent. */
  load: () => void
  /** Loads the stack if needed, then opens the connect modal (or the account modal when connected). */
  openWallet: () => void
  register: (id: string, mount: WalletIslandMount) => () => void
  subscribe: (listener: () => void) => () => void
  getStatus: () => WalletStatus
}

/*
 * The context's value never changes: the stack's status is read through a subscription instead.
 * A changing value above the page would reach into parts of it still waiting to hydrate (the
 * marketplace's menus, the rent panel) and make React render them afresh, without their HTML.
 */
const WalletRootContext = createContext<WalletRootValue | null>(null)

const idle = (): WalletStatus => 'idle'

function useWalletRootValue(): WalletRootValue {
  const value = useContext(WalletRootContext)
  if (!value)
    throw new Error('Wallet islands must be rendered inside <WalletRoot>, which the root layout provides.')
  return value
}

/** Loading and opening the wallet, without following the stack's status (no re-render when it changes). */
export function useWalletActions(): Pick<WalletRootValue, 'load' | 'openWallet' | 'register'> {
  const { load, openWallet, register } = useWalletRootValue()
  return { load, openWallet, register }
}

/** The wallet actions and where the stack stands: idle, loading, ready or failed. */
export function useWalletRoot(): ReturnType<typeof useWalletActions> & { status: WalletStatus } {
  const value = useWalletRootValue()
  const status = useSyncExternalStore(value.subscribe, value.getStatus, idle)
  return { status, load: value.load, openWallet: value.openWallet, register: value.register }
}

type WalletRootProps = { children: ReactNode; initialState: State | undefined }

/**
 * Keeps RainbowKit and the wagmi connectors out of the page's JavaScript until someone reaches for
 * the wallet: a pointer or focus on wallet UI, a click on it, a rent panel scrolled into view (see
 * wallet-intent.ts), or a page that is useless without a wallet. Nobody who only browses pays for
 * it. The stack is rendered beside the page rather than around it: wallet islands are portalled into
 * it, so its arrival never remounts the page (no lost focus, scroll or input) and one wagmi config
 * serves every island.
 */
export function WalletRoot({ children, initialState }: WalletRootProps) {
  const status = useRef<WalletStatus>('idle')
  const listeners = useRef(new Set<() => void>())
  const setStatus = useCallback((next: WalletStatus) => {
    status.current = next
    for (const notify of listeners.current) notify()
  }, [])
  const subscribe = useCallback((listener: () => void) => {
    listeners.current.add(listener)
    return () => {
      listeners.current.delete(listener)
    }
  }, [])
  const getStatus = useCallback(() => status.current, [])
  const [Stack, setStack] = useState<ComponentType<WalletProvidersProps> | null>(null)
  const [mounts, setMounts] = useState<ReadonlyMap<string, WalletIslandMount>>(() => new Map())
  const [openRequests, setOpenRequests] = useState(0)
  const loading = useRef(false)

  // A failed download (offline, a new deploy) or a stack that throws is retried on the next click.
  const fail = useCallback(() => {
    loading.current = false
    setStack(null)
    setStatus('failed')
  }, [setStatus])

  const load = useCallback(() => {
    if (loading.current) return
    loading.current = true
    setStatus('loading')
    import('./wallet-providers').then(
      (module) => setStack(() => module.WalletProviders),
      (error: unknown) => {
        console.error('The wallet stack failed to load.', error)
        fail()
      },
    )
  }, [fail, setStatus])

  // Islands drop their stand-ins in the same frame as the stack's portals first show.
  useLayoutEffect(() => {
    if (Stack) setStatus('ready')
  }, [Stack, setStatus])

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

  const value = useMemo(
    () => ({ load, openWallet, register, subscribe, getStatus }),
    [load, openWallet, register, subscribe, getStatus],
  )

  return (
    <WalletRootContext.Provider value={value}>
      {children}
      {Stack ? (
        <RenderBoundary fallback={null} onError={fail}>
          <Stack initialState={initialState} mounts={mounts} openRequests={openRequests} />
        </RenderBoundary>
      ) : null}
    </WalletRootContext.Provider>
  )
}
