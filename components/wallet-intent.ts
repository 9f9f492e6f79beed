'use client'

import { type RefObject, useEffect, useMemo } from 'react'
import { useWalletActions } from './wallet-root'

/**
 * Event handlers for an area whose wallet UI someone is about to use: a pointer arriving (or a
 * finger landing) on it, or focus moving into it, starts loading the wallet stack, so it is usually
 * there by the time the click comes.
 */
export function useWalletIntent() {
  const { load } = useWalletActions()
  return useMemo(() => ({ onPointerEnter: load, onPointerDown: load, onFocusCapture: load }), [load])
}

/** Loads the wallet stack once `area` is scrolled into view (for a panel that is all about paying). */
export function useWalletWhenVisible(area: RefObject<Element | null>): void {
  const { load } = useWalletActions()
  useEffect(() => {
    const element = area.current
    if (!element) return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect()
        load()
      }
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [area, load])
}
