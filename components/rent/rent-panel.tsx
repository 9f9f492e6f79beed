'use client'

import { type ComponentType, Suspense, use, useEffect, useId, useRef, useState } from 'react'
import type { RentPanelProps } from './rent-panel-live'

type LiveModule = { RentPanelLive: ComponentType<RentPanelProps> }

let live: Promise<LiveModule> | undefined
let release: (() => void) | undefined

/**
 * The panel's code: on the server, at once (a settled promise that `use` reads without suspending,
 * so the HTML has the whole panel); in the browser, once the panel is needed (wake). The bundler
 * drops the `typeof window` branch that does not apply, so the page's own JavaScript has no panel.
 */
function liveModule(): Promise<LiveModule> {
  if (!live) {
    if (typeof window === 'undefined') {
      const module: LiveModule = require('./rent-panel-live')
      live = Object.assign(Promise.resolve(module), { status: 'fulfilled', value: module })
    } else {
      live = new Promise<void>((resolve) => {
        release = resolve
      }).then(() => import('./rent-panel-live'))
    }
  }
  return live
}

/** Someone is about to use the panel, or can see it: bring it to life. */
function wake(): void {
  void liveModule()
  release?.()
}

function LoadedRentPanel(props: RentPanelProps) {
  const { RentPanelLive } = use(liveModule())
  return <RentPanelLive {...props} />
}

/**
 * The rent panel, server-rendered with the offer and brought to life as it comes near the screen
 * or someone reaches for it (pointer, focus). On a phone it sits below the offer's details, so
 * someone who only reads them never runs its code; on a wide screen it is in view at once. Until then the
 * server's HTML stands (its props never change, so nothing disturbs it). Reached by a client-side
 * navigation, there is no such HTML, so it loads at once.
 */
export function RentPanel(props: RentPanelProps) {
  const area = useRef<HTMLDivElement>(null)
  const id = useId()
  // Only hydration has the server's HTML to stand in; after a client-side navigation there is none.
  const [noServerHtml] = useState(() => typeof window !== 'undefined' && !document.getElementById(id))
  if (noServerHtml) wake()
  useEffect(() => {
    const element = area.current
    if (!element) return
    // A little ahead of the panel, so its code has arrived by the time the reader reaches it.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) wake()
      },
      { rootMargin: '200px 0px' },
    )
    observer.observe(element)
    // The DOM's own listeners: React does not deliver events from HTML it has not hydrated yet.
    const events = ['pointerover', 'pointerdown', 'focusin'] as const
    for (const name of events) element.addEventListener(name, wake, { capture: true, passive: true })
    return () => {
      observer.disconnect()
      for (const name of events) element.removeEventListener(name, wake, { capture: true })
    }
  }, [])
  return (
    <div id={id} ref={area}>
      {/* Shown only if the panel had to render before its code arrived: holds its place. */}
      <Suspense fallback={<div aria-busy="true" className="min-h-[40rem] rounded-lg border border-line" />}>
        <LoadedRentPanel {...props} />
      </Suspense>
    </div>
  )
}
