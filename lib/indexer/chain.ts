import {
  type Address,
  BaseError,
  type Hex,
  HttpRequestError,
  LimitExceededRpcError,
  type PublicClient,
  RpcError,
  RpcRequestError,
  TimeoutError,
} from 'viem'
import type { Database } from '@/lib/db/database'
import { decodeEvent, type MarketEvent, marketEventAbi } from './events'
import { type Cursor, storedEventBlocks } from './store'

export type ChainSource = { client: PublicClient; market: Address }

/** The node refused the block range (too many blocks or logs): retry with a smaller one. */
export function isRangeTooLarge(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false
  if (error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError)) return false
  const rpc = error.walk((e) => e instanceof RpcRequestError || e instanceof RpcError)
  if (rpc instanceof LimitExceededRpcError) return true
  return (
    rpc instanceof BaseError &&
    /range|too large|too many|more than|limit|exceed/i.test(`${rpc.details} ${rpc.shortMessage}`)
  )
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/**
 * The rental events in [from, to] and the hash of `to`, or null when the chain changed under the
 * read (the hash of `to` moved, or a log's block is no longer canonical): try again next pass.
 * A reorg of any block up to `to` changes `to`'s hash, so equal hashes before and after the log
 * query mean the logs belong to that chain. Block timestamps come from the logs when the node
 * includes them, else from each block's header, fetched once per chunk.
 */
export async function fetchChunk(
  { client, market }: ChainSource,
  from: bigint,
  to: bigint,
): Promise<{ events: MarketEvent[]; head: Cursor } | null> {
  const before = await client.getBlock({ blockNumber: to })
  const logs = await client.getLogs({
    address: market,
    events: marketEventAbi,
    fromBlock: from,
    toBlock: to,
    strict: true,
  })
  const after = await client.getBlock({ blockNumber: to })
  if (after.hash !== before.hash) return null
  const headers = new Map<bigint, { hash: Hex; timestamp: bigint }>([[to, after]])
  const missing = [...new Set(logs.filter((l) => l.blockTimestamp == null).map((l) => l.blockNumber))]
  const fetched = await mapLimit(
    missing.filter((n) => !headers.has(n)),
    8,
    (blockNumber) => client.getBlock({ blockNumber }),
  )
  for (const block of fetched) headers.set(block.number, block)
  const events: MarketEvent[] = []
  for (const log of logs) {
    if (log.removed) continue
    const header = headers.get(log.blockNumber)
    if (header && header.hash !== log.blockHash) return null
    const timestamp = log.blockTimestamp ?? header?.timestamp
    if (timestamp == null) throw new Error(`no timestamp for block ${log.blockNumber}`)
    events.push(
      decodeEvent(log.eventName, log.args, {
        blockNumber: log.blockNumber,
        logIndex: log.logIndex,
        blockHash: log.blockHash,
        txHash: log.transactionHash,
        blockTimestamp: Number(timestamp),
      }),
    )
  }
  return { events, head: { blockNumber: to, blockHash: after.hash } }
}

/** Whether the stored cursor's block is still on the chain (same number, same hash). */
export async function isCanonical(client: PublicClient, cursor: Cursor, head: bigint): Promise<boolean> {
  if (cursor.blockNumber > head) return false
  const block = await client.getBlock({ blockNumber: cursor.blockNumber })
  return block.hash === cursor.blockHash
}

export class ReorgTooDeepError extends Error {}

/**
 * After a reorg: the newest block at most `maxDepth` below the cursor that both chains share, or
 * null when that reaches back before the deployment (start over). The hashes compared are those of
 * the blocks holding stored events; a block with the same hash has the same history, so all events
 * at or below it still stand. Below the window a stored event that no longer matches means the reorg
 * was deeper than this indexer follows: that throws rather than keep a stale history.
 */
export async function findCommonAncestor(
  ctx: ChainSource & { db: Database; deployBlock: bigint },
  cursor: Cursor,
  head: bigint,
  maxDepth: number,
): Promise<Cursor | null> {
  const floor = cursor.blockNumber - BigInt(maxDepth)
  const before = ctx.deployBlock - 1n
  const window = await storedEventBlocks(
    ctx.db,
    floor > before ? floor : before,
    cursor.blockNumber,
    maxDepth,
  )
  for (const stored of window) {
    if (stored.blockNumber > head) continue
    const block = await ctx.client.getBlock({ blockNumber: stored.blockNumber })
    if (block.hash === stored.blockHash) return { blockNumber: stored.blockNumber, blockHash: block.hash }
  }
  if (floor <= before) return null
  if (floor > head)
    throw new ReorgTooDeepError(`the chain head ${head} is more than ${maxDepth} blocks below the cursor`)
  const [deeper] = await storedEventBlocks(ctx.db, before, floor, 1)
  if (deeper) {
    const block = await ctx.client.getBlock({ blockNumber: deeper.blockNumber })
    if (block.hash !== deeper.blockHash) {
      throw new ReorgTooDeepError(`block ${deeper.blockNumber} changed: reorg deeper than ${maxDepth} blocks`)
    }
  }
  const block = await ctx.client.getBlock({ blockNumber: floor })
  return { blockNumber: floor, blockHash: block.hash }
}
