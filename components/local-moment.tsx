'use client'

import { useSyncExternalStore } from 'react'
import { formatMoment, formatUtcMoment } from '@/lib/format/moment'

const subscribe = () => () => {}

/**
 * A moment in the reader's time zone. The server cannot know that zone, so its HTML (and the
 * hydration that follows it) says the moment in UTC, saying so; the browser's own zone replaces it
 * as soon as the page is live.
 */
export function LocalMoment({ ms }: { ms: number }) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  )
  return <>{inBrowser ? formatMoment(ms) : formatUtcMoment(new Date(ms))}</>
}
