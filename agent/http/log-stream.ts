import type { Context } from 'hono'
import { type SSEMessage, streamSSE } from 'hono/streaming'
import type { AgentApi } from '@/agent/core/agent-api'

/**
 * Lines queued for one slow client before the stream gives up on it. The client is told where it
 * stopped (`overflow` event) and can page the rest from /logs; the agent's memory stays bounded
 * whatever a job prints.
 */
const MAX_QUEUED_LINES = 10_000

/**
 * Streams a rental's log as server-sent events: `log` (data: a LogLine as JSON, id: its seq) for
 * every line after `after`, then `end` when the job ends, with comment heartbeats in between so
 * proxies keep the connection open. The subscription ends when the client goes away.
 */
export function streamLogs(c: Context, api: AgentApi, id: bigint, after: number, heartbeatMs: number) {
  const queue: SSEMessage[] = []
  let next = after
  let ended = false
  let overflowed = false
  let wake: (() => void) | undefined

  // Subscribed before the response starts, so a core error still gets a proper status; lines that
  // arrive before the stream is open wait in the queue.
  const unsubscribe = api.followLogs(
    id,
    after,
    (line) => {
      if (overflowed) return
      if (queue.length >= MAX_QUEUED_LINES) overflowed = true
      else queue.push({ event: 'log', id: String(line.seq), data: JSON.stringify(line) })
      wake?.()
    },
    () => {
      ended = true
      wake?.()
    },
  )

  return streamSSE(c, async (stream) => {
    let gone = false
    const leave = () => {
      gone = true
      wake?.()
    }
    stream.onAbort(leave)
    c.req.raw.signal.addEventListener('abort', leave)
    const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), heartbeatMs)
    try {
      await stream.write(': open\n\n')
      while (!gone) {
        const message = queue.shift()
        if (message) {
          await stream.writeSSE(message)
          next = Number(message.id) + 1
        } else if (overflowed) {
          await stream.writeSSE({ event: 'overflow', data: JSON.stringify({ after: next }) })
          break
        } else if (ended) {
          await stream.writeSSE({ event: 'end', data: '{}' })
          break
        } else {
          // Nothing runs between the checks above and this, so no wake-up can be missed.
          await new Promise<void>((resolve) => {
            wake = resolve
          })
          wake = undefined
        }
      }
    } finally {
      clearInterval(heartbeat)
      c.req.raw.signal.removeEventListener('abort', leave)
      unsubscribe()
    }
  })
}
