'use client'

import { startTransition, useEffect, useState } from 'react'
import {
  applyLiveEvents,
  initialLiveState,
  LIVE_EVENT_NAMES,
  type LiveEvent,
  parseLiveEvent,
} from './live-events'

/** open: streaming; reconnecting: the browser retries by itself; closed: it gave up; ended: all said. */
export type StreamConnection = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'ended'

/**
 * Events that arrive together (a page of log lines) are applied in one render, as a transition: React
 * renders it in slices between which the page still answers a tap or a key, however much came in.
 */
const BATCH_MS = 50

/**
 * Follows GET /api/rentals/:id/events: status, indexed rental, logs and GPU samples as they happen.
 * The browser reconnects by itself after a network drop; the stream then starts over and the
 * buffers skip what they already hold. After `end` nothing more will come, so the stream is closed
 * rather than left to reconnect and replay.
 */
export function useRentalEvents(id: string, enabled: boolean) {
  const [live, setLive] = useState(initialLiveState)
  const [connection, setConnection] = useState<StreamConnection>('connecting')
  const [attempt, setAttempt] = useState(0)

  // A different rental starts from nothing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reset is keyed on the id alone
  useEffect(() => setLive(initialLiveState), [id])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-opens a stream the browser gave up on
  useEffect(() => {
    if (!enabled) return
    setConnection('connecting')
    const source = new EventSource(`/api/rentals/${encodeURIComponent(id)}/events`)
    let queue: LiveEvent[] = []
    let timer: number | undefined
    const flush = () => {
      timer = undefined
      const batch = queue
      queue = []
      startTransition(() => setLive((state) => applyLiveEvents(state, batch)))
    }
    const onEvent = (event: Event) => {
      const { type, data } = event as MessageEvent<string>
      const parsed = parseLiveEvent(type, data)
      if (!parsed) return
      queue.push(parsed)
      if (parsed.type === 'end') {
        source.close()
        setConnection('ended')
      }
      timer ??= window.setTimeout(flush, BATCH_MS)
    }
    for (const name of LIVE_EVENT_NAMES) source.addEventListener(name, onEvent)
    source.onopen = () => setConnection('open')
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting')
    return () => {
      source.close()
      if (timer !== undefined) window.clearTimeout(timer)
    }
  }, [id, enabled, attempt])

  return { ...live, connection, reconnect: () => setAttempt((n) => n + 1) }
}
