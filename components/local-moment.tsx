'use client'

import { useSyncExternalStore } from 'react'
import { formatMoment, formatUtcMoment } from '@/lib/format/moment'

const subscribe = () => () => {}

/**
 * A moment in the reader's time zone. The server cannot know that zone, so its HTML says the moment
 * in UTC, saying so; the browser writes its own zone's as soon as the page is live. Hydration leaves
 * the server's text in place (suppressHydrationWarning: it differs by design) rather than writing
 * the UTC form a second time.
 */
export function LocalMoment({ ms }: { ms: number }) {
  const live = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  )
  const text = live ? formatMoment(ms) : typeof window === 'undefined' ? formatUtcMoment(new Date(ms)) : ''
  return (
    <time dateTime={new Date(ms).toISOString()} suppressHydrationWarning>
      {text}
    </time>
  )
}
