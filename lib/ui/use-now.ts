'use client'

import { useSyncExternalStore } from 'react'

/**
 * One clock for every ticking figure (countdowns, cost so far, offer expiry): a single interval
 * shared by all subscribers, so everything on screen moves on the same tick.
 */
let now = Date.now()
let timer: ReturnType<typeof setInterval> | undefined
const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (timer === undefined) {
    timer = setInterval(() => {
      now = Date.now()
      for (const notify of listeners) notify()
    }, 1000)
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) {
      clearInterval(timer)
      timer = undefined
    }
  }
}

function getSnapshot(): number {
  // While nothing ticks the stored time goes stale; refresh it, but at most once a second so
  // React's repeated reads within one render see the same value.
  if (timer === undefined && Date.now() - now >= 1000) now = Date.now()
  return now
}

// The server's time and the browser's never agree, so neither server rendering nor hydration shows one.
const getServerSnapshot = (): undefined => undefined

/** Milliseconds since the epoch, ticking every second; undefined during server rendering and hydration. */
export function useNow(): number | undefined {
  return useSyncExternalStore<number | undefined>(subscribe, getSnapshot, getServerSnapshot)
}
