import { asc, sql } from 'drizzle-orm'
import type { Address, PublicClient } from 'viem'
import type { Database } from '@/lib/db/database'
import { providers } from '@/lib/db/schema'
import { BatchWriter } from './batch-writer'
import { ByteBudget } from './byte-budget'
import type { DropReason } from './drop-reasons'
import { DEFAULT_CAPS, type ProviderOutcome, pollProvider } from './poll-provider'
import { pruneHealth, recordOutcomes, sweepOffers } from './poll-writes'
import { SignatureCache } from './signature-cache'
import { SignerRecovery } from './signer-recovery'
import type { HostLookup } from './ssrf-guard'

export type PollerDeps = {
  db: Database
  chain: PublicClient
  market: Address
  chainId: number
  /** The market's payment token (offers in another token are dropped) and its decimals (for USD). */
  token: Address
  tokenDecimals: number
  allowLoopback: boolean
  now?: () => Date
  lookup?: HostLookup
  /**
   * Providers polled at once (each uses two connections, so twice as many file descriptors). A
   * dead provider holds its place for a whole timeout: with at least as many places as providers,
   * every one starts at once and none waits behind the dead.
   */
  concurrency?: number
  /** Per-provider budget for DNS, both requests and their bodies. */
  timeoutMs?: number
  offersMaxBytes?: number
  healthMaxBytes?: number
  /** Bytes of response bodies held at once across all providers. */
  maxBufferedBytes?: number
  /** How often a poll also recomputes the 7-day reliability (the 1-hour one is, every poll). */
  reliability7dEveryMs?: number
}

export type PollSummary = {
  providers: number
  polled: number
  ok: number
  failed: number
  refused: number
  /** Not started within the poll's start window (dead providers held every slot): polled first next time. */
  deferred: number
  /** Providers whose outcome could not be recorded (a database error): their last record stands. */
  errors: number
  offers: number
  dropped: { reason: DropReason; count: number }[]
  durationMs: number
}

export type Poller = {
  poll(signal?: AbortSignal): Promise<PollSummary>
  /** Ends the signature workers (idle ones never keep the process alive). */
  close(): Promise<void>
}

const HOUR_MS = 3_600_000

/**
 * The aggregator's poller. Each `poll()` fetches every registered provider's health and offers
 * with bounded concurrency; outcomes are written in batches by one writer as they come (see
 * `recordOutcomes`). A poll ends within about 1.5 × `timeoutMs` however many providers are dead or
 * slow: providers start only in the first 45 % of the timeout (the rest of the half is left for
 * the last writes), each gets the full timeout, and those left over (only when there are more
 * providers than `concurrency` and the slow or dead hold the places) are deferred to the next
 * poll, least recently polled first. Keeps a signature cache across polls, so a provider's
 * unchanged offers are not verified again, and runs the recoveries of new ones through one queue
 * that lets the event loop turn every few milliseconds (so a cold poll's CPU work does not hold
 * up reading other providers' answers or their timeouts).
 */
export function createPoller(deps: PollerDeps): Poller {
  const timeoutMs = deps.timeoutMs ?? 2000
  const concurrency = deps.concurrency ?? 1024
  const now = deps.now ?? (() => new Date())
  const cache = new SignatureCache()
  const signers = new SignerRecovery()
  const budget = new ByteBudget(deps.maxBufferedBytes ?? 32 * 1024 * 1024)
  let computed7dAt = Number.NEGATIVE_INFINITY
  let prunedAt = 0

  async function poll(signal?: AbortSignal): Promise<PollSummary> {
    const started = performance.now()
    const rows = await deps.db
      .select({ address: providers.address, endpoint: providers.endpoint })
      .from(providers)
      .orderBy(sql`${providers.lastPolledAt} asc nulls first`, asc(providers.address))
    const summary: PollSummary = {
      providers: rows.length,
      ...{ polled: 0, ok: 0, failed: 0, refused: 0, deferred: 0, errors: 0, offers: 0, dropped: [] },
      durationMs: 0,
    }
    const dropped = new Map<DropReason, number>()
    const count = (outcome: ProviderOutcome) => {
      summary.polled++
      if (outcome.ok) summary.ok++
      else if (outcome.refused && outcome.offers) summary.refused++
      else summary.failed++
      summary.offers += outcome.offers?.length ?? 0
      for (const d of outcome.dropped) dropped.set(d.reason, (dropped.get(d.reason) ?? 0) + d.count)
    }
    const pollDeps = {
      ...DEFAULT_CAPS,
      ...deps,
      timeoutMs,
      budget,
      cache,
      signers,
      signal,
    }
    const pollAt = now()
    const with7d = pollAt.getTime() - computed7dAt >= (deps.reliability7dEveryMs ?? 600_000)
    const failures: unknown[] = []
    const writer = new BatchWriter<ProviderOutcome>(async (batch) => {
      try {
        await recordOutcomes(deps.db, batch, { decimals: deps.tokenDecimals, with7d })
        for (const outcome of batch) count(outcome)
      } catch (error) {
        failures.push(error)
        summary.errors += batch.length
      }
    })
    const startBy = started + timeoutMs * 0.45
    let next = 0
    const worker = async () => {
      while (next < rows.length && !signal?.aborted && performance.now() <= startBy) {
        const row = rows[next++]
        if (!row) return
        const provider = { address: row.address as Address, endpoint: row.endpoint }
        const outcome = await pollProvider(provider, pollDeps, now()).catch((error: unknown) => {
          failures.push(error)
          summary.errors++
          return null
        })
        if (outcome === undefined) return
        if (outcome) await writer.push(outcome)
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker))
    writer.close()
    await writer.done
    summary.deferred = rows.length - next
    // A store that refuses every write is an outage to report, not a poll to sum up.
    if (failures.length > 0 && summary.polled === 0) throw failures[0]
    if (with7d) computed7dAt = pollAt.getTime()
    cache.endPoll()

    const at = now()
    await sweepOffers(deps.db, at, deps.tokenDecimals)
    if (at.getTime() - prunedAt >= HOUR_MS) {
      await pruneHealth(deps.db, at)
      prunedAt = at.getTime()
    }
    summary.dropped = [...dropped].map(([reason, n]) => ({ reason, count: n }))
    summary.durationMs = Math.round(performance.now() - started)
    return summary
  }

  return { poll, close: () => signers.close() }
}
