import 'server-only'
import { runAggregator } from '@/lib/aggregator/run-aggregator'
import { runIndexer } from '@/lib/indexer/indexer'
import { getServerContext } from './server-context'

type Holder = { weftBackground?: Promise<{ stop(): Promise<void> }> }

/** How often offers are refreshed from every provider. */
const POLL_INTERVAL_MS = 5000
const INDEX_INTERVAL_MS = 1000

/**
 * Starts the aggregator (provider registry and offers) and the indexer (rentals) inside the app
 * server, once per process. Any number of instances may run them: one polls at a time (lease), and
 * the indexer's writes are idempotent. WEFT_BACKGROUND=false makes an instance serve only.
 */
export function startBackground(): Promise<{ stop(): Promise<void> }> {
  const holder = globalThis as Holder
  holder.weftBackground ??= (async () => {
    const { config, store, chain } = await getServerContext()
    if (!config.background) return { stop: async () => undefined }
    const controller = new AbortController()
    const aggregator = runAggregator({
      db: store.db,
      kind: store.kind,
      url: store.url,
      chain,
      market: config.market,
      chainId: config.chainId,
      token: config.token,
      tokenDecimals: 6,
      allowLoopback: config.allowLoopback,
      deployBlock: config.deployBlock,
      intervalMs: POLL_INTERVAL_MS,
    })
    const indexer = runIndexer({
      db: store.db,
      client: chain,
      market: config.market,
      deployBlock: config.deployBlock,
      intervalMs: INDEX_INTERVAL_MS,
      signal: controller.signal,
      onError: (error, failures) => {
        if (failures === 1 || failures % 30 === 0) {
          console.error(
            `indexer: ${error instanceof Error ? error.message.split('\n')[0] : error} (failure ${failures})`,
          )
        }
      },
    })
    return {
      async stop() {
        controller.abort()
        await Promise.all([aggregator.stop(), indexer.done])
      },
    }
  })()
  return holder.weftBackground
}
