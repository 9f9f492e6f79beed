import type { DatabaseKind } from '@/lib/db/database'
import { createPollLease, type PollLease } from './poll-lease'
import { createPoller, type PollerDeps, type PollSummary } from './poller'
import { syncRegistry } from './registry'

export type AggregatorOptions = PollerDeps & {
  /** The store's kind: PostgreSQL leases with an advisory lock, PGlite within the process. */
  kind: DatabaseKind
  /** PostgreSQL's URL: the lease holds its lock on a connection of its own. */
  url?: string
  /** The market's deployment block: where the registry is first read from. */
  deployBlock: bigint
  /** Time from the start of one round (registry sync + poll) to the start of the next. */
  intervalMs: number
  lease?: PollLease
  onPoll?: (summary: PollSummary) => void
  /** Called with each failed stage; the loop goes on (an RPC outage still polls known providers). */
  onError?: (error: unknown, stage: 'registry' | 'poll') => void
}

export type RunningAggregator = {
  /** Stops after the current round's in-flight requests are cancelled, and gives up the lease. */
  stop(): Promise<void>
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

const logError = (error: unknown, stage: string) =>
  console.error(`aggregator ${stage} failed:`, error instanceof Error ? error.message : error)

/**
 * Runs the aggregator until `stop()`: every `intervalMs`, if this instance holds the poll lease,
 * it syncs the provider registry from the chain and polls every provider. Instances without the
 * lease only try to take it, so any number can run and exactly one polls.
 */
export function runAggregator(options: AggregatorOptions): RunningAggregator {
  const controller = new AbortController()
  const { signal } = controller
  const lease = options.lease ?? createPollLease(options)
  const poller = createPoller(options)
  const onError = options.onError ?? logError

  const loop = (async () => {
    while (!signal.aborted) {
      const started = Date.now()
      if (await lease.acquire()) {
        try {
          await syncRegistry(options)
        } catch (error) {
          if (!signal.aborted) onError(error, 'registry')
        }
        try {
          const summary = await poller.poll(signal)
          if (!signal.aborted) options.onPoll?.(summary)
        } catch (error) {
          if (!signal.aborted) onError(error, 'poll')
        }
      }
      await sleep(Math.max(0, options.intervalMs - (Date.now() - started)), signal)
    }
    await lease.release()
    await poller.close()
  })()

  return {
    async stop() {
      controller.abort()
      await loop
    },
  }
}
