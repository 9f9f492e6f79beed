import type { Address, PublicClient } from 'viem'
import type { Database } from '@/lib/db/database'
import { fetchChunk, findCommonAncestor, isCanonical, isRangeTooLarge } from './chain'
import { applyChunk, type Cursor, CursorMovedError, readCursor, rewindTo } from './store'

export type IndexerOptions = {
  db: Database
  client: PublicClient
  market: Address
  /** The market's deployment block: indexing starts there when no cursor is stored. */
  deployBlock: bigint
  /** Blocks per log query (default 2,000); halved while the node says the range is too large. */
  chunkSize?: number
  /** Blocks to stay behind the head (default 0). */
  confirmations?: number
  /** Deepest reorg followed (default 64 blocks); a deeper one throws ReorgTooDeepError. */
  maxReorgDepth?: number
  /** Most chunks applied per pass (default: until caught up). */
  maxChunks?: number
  signal?: AbortSignal
}

export type IndexResult = {
  /** Last block applied after this pass (null: nothing yet). */
  cursor: Cursor | null
  /** The newest block the indexer aims for (head − confirmations). */
  latest: bigint
  /** Blocks still to apply: latest − cursor. */
  lag: bigint
  /** Events newly applied in this pass. */
  events: number
  chunks: number
  /** A reorg undone in this pass: the old cursor, the shared block it went back to, events removed. */
  reorg: { from: bigint; to: bigint | null; removed: number } | null
}

const lagOf = (cursor: Cursor | null, latest: bigint, deployBlock: bigint) => {
  const at = cursor?.blockNumber ?? deployBlock - 1n
  return latest > at ? latest - at : 0n
}

/**
 * One pass: checks the stored cursor is still on the chain (undoing a reorg if not), then applies
 * the market's events from the cursor up to the head in chunks, one transaction each. Any RPC or
 * database error propagates with the cursor left at the last chunk committed, so the next pass
 * resumes there: no gap, and no event applied twice.
 */
export async function indexOnce(options: IndexerOptions): Promise<IndexResult> {
  const { db, client, deployBlock } = options
  const head = await client.getBlockNumber({ cacheTime: 0 })
  const latest = head - BigInt(options.confirmations ?? 0)
  let cursor = await readCursor(db)
  let reorg: IndexResult['reorg'] = null
  let events = 0
  let chunks = 0
  try {
    if (cursor && !(await isCanonical(client, cursor, head))) {
      const to = await findCommonAncestor(options, cursor, head, options.maxReorgDepth ?? 64)
      const removed = await rewindTo(db, { to, deployBlock, expected: cursor })
      reorg = { from: cursor.blockNumber, to: to?.blockNumber ?? null, removed }
      cursor = to
    }
    let size = Math.max(1, options.chunkSize ?? 2000)
    while (chunks < (options.maxChunks ?? Number.POSITIVE_INFINITY) && !options.signal?.aborted) {
      const from = cursor ? cursor.blockNumber + 1n : deployBlock
      if (from > latest) break
      const end = from + BigInt(size) - 1n
      const to = end < latest ? end : latest
      let chunk: Awaited<ReturnType<typeof fetchChunk>>
      try {
        chunk = await fetchChunk(options, from, to)
      } catch (error) {
        if (to === from || !isRangeTooLarge(error)) throw error
        size = Math.max(1, Math.floor(Number(to - from + 1n) / 2))
        continue
      }
      if (!chunk) break // the chain moved under the read: the next pass checks for a reorg
      events += await applyChunk(db, { events: chunk.events, cursor: chunk.head, expected: cursor })
      cursor = chunk.head
      chunks += 1
    }
  } catch (error) {
    if (!(error instanceof CursorMovedError)) throw error
    cursor = await readCursor(db) // another indexer got there first; it owns this range
  }
  return { cursor, latest, lag: lagOf(cursor, latest, deployBlock), events, chunks, reorg }
}

/** How far the index is behind the chain, for a health check (reads the database and the head). */
export async function getIndexerLag(
  options: Pick<IndexerOptions, 'db' | 'client' | 'deployBlock' | 'confirmations'>,
) {
  const [cursor, head] = await Promise.all([
    readCursor(options.db),
    options.client.getBlockNumber({ cacheTime: 0 }),
  ])
  const latest = head - BigInt(options.confirmations ?? 0)
  return { cursor: cursor?.blockNumber ?? null, latest, lag: lagOf(cursor, latest, options.deployBlock) }
}

/** Wait after the `failures`-th failure in a row: doubling from the interval (at least 250 ms), capped. */
export function backoffMs(intervalMs: number, failures: number, maxMs: number): number {
  return Math.min(maxMs, Math.max(intervalMs, 250) * 2 ** Math.min(Math.max(failures - 1, 0), 20))
}

export type IndexerHealth = {
  cursor: bigint | null
  latest: bigint | null
  lag: bigint | null
  lastSuccessAt: Date | null
  lastError: string | null
  /** Failed passes in a row (0 when the last pass succeeded). */
  failures: number
}

export type IndexerHandle = { done: Promise<void>; health(): IndexerHealth }

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })

/**
 * Follows the market until `signal` aborts: a pass every `intervalMs`, at once while a capped pass
 * left work, and with exponential backoff after failures (RPC or database down), each retry starting
 * from the stored cursor. `health()` reports lag and the last error; `done` settles after the abort.
 */
export function runIndexer(
  options: IndexerOptions & {
    intervalMs: number
    maxBackoffMs?: number
    onIndexed?: (result: IndexResult) => void
    onError?: (error: unknown, failures: number) => void
  },
): IndexerHandle {
  const state: IndexerHealth = {
    cursor: null,
    latest: null,
    lag: null,
    lastSuccessAt: null,
    lastError: null,
    failures: 0,
  }
  const done = (async () => {
    while (!options.signal?.aborted) {
      let wait = options.intervalMs
      try {
        const result = await indexOnce(options)
        Object.assign(state, {
          cursor: result.cursor?.blockNumber ?? null,
          latest: result.latest,
          lag: result.lag,
          lastSuccessAt: new Date(),
          lastError: null,
          failures: 0,
        })
        options.onIndexed?.(result)
        if (result.lag > 0n && result.chunks > 0) wait = 0
      } catch (error) {
        state.failures += 1
        state.lastError = error instanceof Error ? error.message : String(error)
        wait = backoffMs(options.intervalMs, state.failures, options.maxBackoffMs ?? 60_000)
        options.onError?.(error, state.failures)
      }
      await sleep(wait, options.signal)
    }
  })()
  return { done, health: () => ({ ...state }) }
}

export { ReorgTooDeepError } from './chain'
export { type Cursor, readCursor } from './store'
