import 'server-only'
import type { Address } from 'viem'
import { rentalById, toRentalView } from '@/lib/market/rental-views'
import { gpuMetricsSchema } from '@/lib/protocol/gpu-metrics'
import { logPageSchema } from '@/lib/protocol/job-logs'
import { rentalInfoSchema } from '@/lib/protocol/rental-info'
import type { LiveEventData, LiveEventName } from '@/lib/rentals/rental-schemas'
import { callAgent } from './agent-client'
import type { ServerContext } from './server-context'

const TERMINAL = new Set(['stopped', 'ended', 'cancelled', 'declined', 'finished', 'no-show'])
const AGENT_DONE = new Set(['succeeded', 'failed', 'stopped', 'expired', 'cancelled'])

/** Each event's data is typed by the schema the page reads it with. */
type Emit = <K extends LiveEventName>(event: K, data: LiveEventData<K>) => void

/**
 * A rental's live feed as server-sent events, built by polling: `rental` when the indexed rental
 * changes, `status` when the agent's status changes, `log` per new log line, `gpu` per new GPU
 * sample, `end` once the rental is over and its log read to the end. Agent outages are reported as
 * `agent-error` and retried; the stream closes when the client leaves.
 */
export function rentalEventStream(ctx: ServerContext, id: bigint, provider: Address, signal: AbortSignal) {
  const encoder = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false
      const send = (text: string) => {
        if (closed || signal.aborted) return
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          closed = true // the client went away between two polls
        }
      }
      const emit: Emit = (event, data) => send(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
      let lastRental = ''
      let lastStatus = ''
      let logCursor = 0
      let metricsSince = Date.now() - 10 * 60_000
      let lastAgentError = ''
      let tick = 0
      send(': open\n\n')
      while (!signal.aborted && !closed) {
        try {
          const row = await rentalById(ctx.store.db, id)
          const view = row ? toRentalView(row) : null
          const text = JSON.stringify(view && { ...view, secondsLeft: undefined, accrued: undefined })
          if (text !== lastRental) {
            lastRental = text
            emit('rental', view)
          }
          const agent = await callAgent(ctx, provider, `/v1/rentals/${id}`, rentalInfoSchema)
          const status = JSON.stringify(agent)
          if (status !== lastStatus) {
            lastStatus = status
            emit('status', agent)
          }
          const page = await callAgent(
            ctx,
            provider,
            `/v1/rentals/${id}/logs?after=${logCursor}&limit=500`,
            logPageSchema,
          )
          for (const line of page.lines) emit('log', line)
          logCursor = page.next
          if (tick % 5 === 0) {
            const { samples } = await callAgent(
              ctx,
              provider,
              `/v1/rentals/${id}/metrics?since=${metricsSince + 1}`,
              gpuMetricsSchema,
            )
            for (const sample of samples) {
              emit('gpu', sample)
              metricsSince = Math.max(metricsSince, sample.timeMs)
            }
          }
          lastAgentError = ''
          if (view && TERMINAL.has(view.status) && AGENT_DONE.has(agent.status) && page.done) {
            emit('end', {})
            break
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : 'unavailable'
          if (message !== lastAgentError) emit('agent-error', { message })
          lastAgentError = message
        }
        if (tick % 15 === 0) send(': heartbeat\n\n')
        tick++
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }
      if (!closed) controller.close()
    },
  })
}
