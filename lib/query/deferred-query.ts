'use client'

import type {
  DefaultError,
  InfiniteData,
  InfiniteQueryObserverOptions,
  InfiniteQueryObserverResult,
  QueryClient,
  QueryKey,
  QueryObserverOptions,
  QueryObserverResult,
} from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react'
import { useInitialSession } from '@/lib/session/initial-session-context'
import { whenReached } from '@/lib/ui/when-reached'

type QueryKit = typeof import('./query-kit')

// One library for the tab, loaded once, whichever query asks first; every query sees it arrive.
let kit: QueryKit | undefined
let requested = false
const arrivals = new Set<() => void>()

function loadQueryKit(): void {
  if (requested) return
  requested = true
  import('./query-kit').then(
    (module) => {
      kit = module
      for (const notify of arrivals) notify()
    },
    // A chunk that failed to download (offline, a new deploy) is tried again on the next want.
    () => {
      requested = false
    },
  )
}

function onArrival(notify: () => void): () => void {
  arrivals.add(notify)
  return () => {
    arrivals.delete(notify)
  }
}

/** The library once loaded: at once when `wanted`, else when someone reaches for the market. */
function useQueryKit(wanted: boolean): QueryKit | undefined {
  const loaded = useSyncExternalStore(
    onArrival,
    () => kit,
    () => undefined,
  )
  useEffect(() => {
    if (loaded) return
    if (wanted) loadQueryKit()
    else void whenReached().then(loadQueryKit)
  }, [loaded, wanted])
  return loaded
}

// The library's observers share this shape; the hooks below differ only in which one they make.
type Observer<R> = {
  setOptions: (options: QueryObserverOptions) => void
  updateResult: () => void
  getCurrentResult: () => R
  getOptimisticResult: (options: QueryObserverOptions) => R
  trackResult: (result: R) => R
  subscribe: (listener: (result: R) => void) => () => void
}

const nothing = () => undefined

/**
 * The library's own hook (useBaseQuery) without suspense or error boundaries, on a library loaded
 * with the first fetch: until it arrives (`wanted` turns true, someone reached for the market, or
 * another query loaded it) the result is undefined and the caller shows what the server rendered.
 * The observer then reads the app's one cache (app-query-client.ts) and takes over.
 */
function useDeferredObserver<R>(
  wanted: boolean,
  create: (kit: QueryKit, client: QueryClient) => Observer<R>,
  options: object,
): R | undefined {
  const kit = useQueryKit(wanted)
  const session = useInitialSession()
  const made = useRef<{ client: QueryClient; observer: Observer<R> } | null>(null)
  if (kit && !made.current) {
    const client = kit.appQueryClient(session)
    made.current = { client, observer: create(kit, client) }
  }
  const observer = made.current?.observer
  const defaulted = made.current?.client.defaultQueryOptions(options as QueryObserverOptions)
  if (defaulted) defaulted._optimisticResults = 'optimistic'
  // As the library does: the result for these options now, before the store below catches up.
  const result = defaulted && observer ? observer.getOptimisticResult(defaulted) : undefined

  useEffect(() => {
    if (observer && defaulted) observer.setOptions(defaulted)
  }, [observer, defaulted])

  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!observer || !kit) return nothing
      const unsubscribe = observer.subscribe(kit.notifyManager.batchCalls(onChange))
      observer.updateResult() // nothing that changed between creating and subscribing is missed
      return unsubscribe
    },
    [observer, kit],
  )
  const current = useCallback(() => observer?.getCurrentResult(), [observer])
  useSyncExternalStore(subscribe, current, current)

  return result && observer ? observer.trackResult(result) : undefined
}

/** useQuery on the deferred library: undefined until it has loaded. */
export function useDeferredQuery<TData, TKey extends QueryKey>(
  options: QueryObserverOptions<TData, DefaultError, TData, TData, TKey>,
  wanted: boolean,
): QueryObserverResult<TData> | undefined {
  return useDeferredObserver<QueryObserverResult<TData>>(
    wanted,
    (kit, client) =>
      new kit.QueryObserver(client, options) as unknown as Observer<QueryObserverResult<TData>>,
    options,
  )
}

/** useInfiniteQuery on the deferred library: undefined until it has loaded. */
export function useDeferredInfiniteQuery<TPage, TKey extends QueryKey, TParam>(
  options: InfiniteQueryObserverOptions<TPage, DefaultError, InfiniteData<TPage, TParam>, TKey, TParam>,
  wanted: boolean,
): InfiniteQueryObserverResult<InfiniteData<TPage, TParam>> | undefined {
  type Result = InfiniteQueryObserverResult<InfiniteData<TPage, TParam>>
  return useDeferredObserver<Result>(
    wanted,
    (kit, client) => new kit.InfiniteQueryObserver(client, options) as unknown as Observer<Result>,
    options,
  )
}
