import { eq } from 'drizzle-orm'
import { type Address, getAbiItem, getAddress, type PublicClient } from 'viem'
import { WeftMarket } from '@/lib/chain/generated'
import type { Database } from '@/lib/db/database'
import { chainCursors, providers } from '@/lib/db/schema'
import { checkEndpoint, describeRefusal, type HostLookup } from './ssrf-guard'

export type RegistryDeps = {
  db: Database
  chain: PublicClient
  market: Address
  /** The market's deployment block: where a fresh cursor starts. */
  deployBlock: bigint
  allowLoopback: boolean
  lookup?: HostLookup
  chunkBlocks?: bigint
  now?: () => Date
}

const CURSOR = 'registry'
/** How far back to re-read when the cursor's block is no longer on the chain (a reorg). */
const REORG_DEPTH = 64n
const EVENTS = [
  getAbiItem({ abi: WeftMarket.abi, name: 'ProviderRegistered' }),
  getAbiItem({ abi: WeftMarket.abi, name: 'EndpointUpdated' }),
  getAbiItem({ abi: WeftMarket.abi, name: 'StakeChanged' }),
] as const

/** Why the endpoint may not be polled (SSRF guard), or null. Checked when it is registered or changed. */
async function refusalOf(endpoint: string, deps: RegistryDeps): Promise<string | null> {
  const result = await checkEndpoint(endpoint, { allowLoopback: deps.allowLoopback, lookup: deps.lookup })
  return result.ok ? null : describeRefusal(result)
}

async function startBlock(deps: RegistryDeps): Promise<bigint> {
  const [cursor] = await deps.db.select().from(chainCursors).where(eq(chainCursors.name, CURSOR))
  if (!cursor) return deps.deployBlock
  const block = await deps.chain.getBlock({ blockNumber: cursor.blockNumber }).catch(() => undefined)
  if (block?.hash === cursor.blockHash) return cursor.blockNumber + 1n
  const back = cursor.blockNumber - REORG_DEPTH
  return back > deps.deployBlock ? back : deps.deployBlock
}

/**
 * Follows the market's registry events (ProviderRegistered, EndpointUpdated, StakeChanged) from
 * the stored cursor into `providers`, in chunks, each applied with its cursor in one transaction,
 * so a crash never skips or half-applies a range. Endpoints the SSRF guard refuses are stored with
 * the reason in `endpointRefused`. Replaying a range is harmless: events carry absolute values.
 */
export async function syncRegistry(deps: RegistryDeps): Promise<{ toBlock: bigint; events: number }> {
  const latest = await deps.chain.getBlockNumber({ cacheTime: 0 })
  const chunk = deps.chunkBlocks ?? 2000n
  let from = await startBlock(deps)
  let events = 0
  while (from <= latest) {
    const to = from + chunk - 1n < latest ? from + chunk - 1n : latest
    const logs = await deps.chain.getLogs({
      address: deps.market,
      events: EVENTS,
      fromBlock: from,
      toBlock: to,
      strict: true,
    })
    const toBlock = await deps.chain.getBlock({ blockNumber: to })
    // Guard checks and block times are looked up before the transaction, which only writes.
    const refusals = new Map<string, string | null>()
    const times = new Map<bigint, Date>()
    for (const log of logs) {
      if (log.eventName !== 'StakeChanged' && !refusals.has(log.args.endpoint))
        refusals.set(log.args.endpoint, await refusalOf(log.args.endpoint, deps))
      if (log.eventName === 'ProviderRegistered' && !times.has(log.blockNumber)) {
        const block = await deps.chain.getBlock({ blockNumber: log.blockNumber })
        times.set(log.blockNumber, new Date(Number(block.timestamp) * 1000))
      }
    }
    await deps.db.transaction(async (tx) => {
      for (const log of logs) {
        const address = getAddress(log.args.provider)
        const updatedBlock = log.blockNumber
        if (log.eventName === 'ProviderRegistered') {
          const row = {
            providerId: log.args.providerId,
            endpoint: log.args.endpoint,
            endpointRefused: refusals.get(log.args.endpoint) ?? null,
            stake: log.args.stake,
            registeredAt: times.get(log.blockNumber) ?? new Date(0),
            updatedBlock,
          }
          await tx
            .insert(providers)
            .values({ address, ...row })
            .onConflictDoUpdate({ target: providers.address, set: row })
        } else if (log.eventName === 'EndpointUpdated') {
          const endpointRefused = refusals.get(log.args.endpoint) ?? null
          await tx
            .update(providers)
            .set({ endpoint: log.args.endpoint, endpointRefused, updatedBlock })
            .where(eq(providers.address, address))
        } else {
          await tx
            .update(providers)
            .set({ stake: log.args.stake, updatedBlock })
            .where(eq(providers.address, address))
        }
      }
      const cursor = {
        blockNumber: to,
        blockHash: toBlock.hash,
        updatedAt: deps.now?.() ?? new Date(),
      }
      await tx
        .insert(chainCursors)
        .values({ name: CURSOR, ...cursor })
        .onConflictDoUpdate({ target: chainCursors.name, set: cursor })
    })
    events += logs.length
    from = to + 1n
  }
  return { toBlock: latest, events }
}
