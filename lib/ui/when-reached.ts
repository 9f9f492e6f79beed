/**
 * One moment for everything the marketplace keeps out of its first-load JavaScript (the search's
 * parser and completions, the in-page filter): the first time someone reaches for the market (a
 * pointer pressed or focus inside it). Someone who only reads the listing never loads them; none of
 * them renders anything before it is needed, so nothing on the page waits on them to respond.
 */

let ready: Promise<void> | undefined
let release: (() => void) | undefined

/** Resolves once reached() was called; at once on the server. */
export function whenReached(): Promise<void> {
  if (typeof window === 'undefined') return Promise.resolve()
  ready ??= new Promise<void>((resolve) => {
    release = resolve
  })
  return ready
}

/** Someone is about to use the market: load what was deferred. */
export function reached(): void {
  void whenReached()
  release?.()
}
