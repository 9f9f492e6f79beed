import type { RentalView } from '@/lib/market/rental-view'
import type { GpuSample } from '@/lib/protocol/gpu-metrics'
import type { LogLine } from '@/lib/protocol/job-logs'
import { appendSamples, emptyGpuSeries, type GpuSeries } from './gpu-series'
import { appendLogs, emptyLogBuffer, type LogBuffer } from './log-buffer'
import { type AgentJob, type LiveEventName, liveEventSchemas, parseAgentJob } from './rental-schemas'

/** The event names GET /api/rentals/:id/events sends. */
export const LIVE_EVENT_NAMES = [
  'rental',
  'status',
  'log',
  'gpu',
  'agent-error',
  'end',
] as const satisfies readonly LiveEventName[]

/** One server-sent event, read and checked. */
export type LiveEvent =
  | { type: 'rental'; rental: RentalView | null }
  | { type: 'status'; job: AgentJob | null }
  | { type: 'log'; line: LogLine }
  | { type: 'gpu'; sample: GpuSample }
  | { type: 'agent-error'; message: string }
  | { type: 'end' }

const isEventName = (name: string): name is LiveEventName => Object.hasOwn(liveEventSchemas, name)

/**
 * Reads one event's data with the schema the server emits it by; null for data that is not JSON or
 * not what the event promises. An unreadable status is an unknown job, and an unreadable outage
 * report still reports an outage.
 */
export function parseLiveEvent(name: string, data: string): LiveEvent | null {
  if (!isEventName(name)) return null
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return null
  }
  switch (name) {
    case 'status':
      return { type: 'status', job: parseAgentJob(value) }
    case 'agent-error': {
      const parsed = liveEventSchemas['agent-error'].safeParse(value)
      return {
        type: 'agent-error',
        message: parsed.success ? parsed.data.message.slice(0, 300) : 'unavailable',
      }
    }
    case 'rental': {
      const parsed = liveEventSchemas.rental.safeParse(value)
      return parsed.success ? { type: 'rental', rental: parsed.data } : null
    }
    case 'log': {
      const parsed = liveEventSchemas.log.safeParse(value)
      return parsed.success ? { type: 'log', line: parsed.data } : null
    }
    case 'gpu': {
      const parsed = liveEventSchemas.gpu.safeParse(value)
      return parsed.success ? { type: 'gpu', sample: parsed.data } : null
    }
    case 'end':
      return { type: 'end' }
  }
}

/** What the stream has told the page so far. `rental` and `job` are undefined until first heard. */
export type LiveState = {
  rental: RentalView | null | undefined
  job: AgentJob | null | undefined
  logs: LogBuffer
  gpus: GpuSeries
  /** Why the agent cannot be reached right now; cleared by the next word from it. */
  agentError: string | null
  /** The rental is over and its log read to the end: nothing more will come. */
  ended: boolean
}

export const initialLiveState: LiveState = {
  rental: undefined,
  job: undefined,
  logs: emptyLogBuffer,
  gpus: emptyGpuSeries,
  agentError: null,
  ended: false,
}

/** Folds a batch of events into the state (logs and samples arrive by the hundred, so in batches). */
export function applyLiveEvents(state: LiveState, events: readonly LiveEvent[]): LiveState {
  let { rental, job, agentError, ended } = state
  const lines: LogLine[] = []
  const samples: GpuSample[] = []
  for (const event of events) {
    switch (event.type) {
      case 'rental':
        rental = event.rental
        break
      case 'status':
        job = event.job
        agentError = null
        break
      case 'log':
        lines.push(event.line)
        agentError = null
        break
      case 'gpu':
        samples.push(event.sample)
        break
      case 'agent-error':
        agentError = event.message
        break
      case 'end':
        ended = true
        break
    }
  }
  return {
    rental,
    job,
    agentError,
    ended,
    logs: appendLogs(state.logs, lines),
    gpus: appendSamples(state.gpus, samples),
  }
}
