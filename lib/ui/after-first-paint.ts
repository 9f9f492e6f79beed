/**
 * One moment for everything the marketplace keeps out of its first-load JavaScript: when the
 * browser is first idle after load, or sooner, as soon as someone reaches for the market (wantNow).
 */

let ready: Promise<void> | undefined
let release: (() => void) | undefined

/** Resolves once the page is idle after load or wantNow() was called; at once on the server. */
export function afterFirstPaint(): Promise<void> {
  if (typeof window === 'undefined') return Promise.resolve()
  ready ??= new Promise<void>((resolve) => {
    release = resolve
    // Safari has no requestIdleCallback.
    if (typeof window.requestIdleCallback === 'function')
      window.requestIdleCallback(() => resolve(), { timeout: 5000 })
    else setTimeout(resolve, 2000)
  })
  return ready
}

/** Someone is about to use the market: load what was deferred now. */
export function wantNow(): void {
  void afterFirstPaint()
  release?.()
}
