import 'server-only'
import { createPublicClient, defineChain, http, type PublicClient } from 'viem'
import { type OpenDatabase, openDatabase } from '@/lib/db/database'
import { loadServerConfig, type ServerConfig } from './server-config'

export type ServerContext = { config: ServerConfig; store: OpenDatabase; chain: PublicClient }

type Holder = { weftServerContext?: Promise<ServerContext> }

/**
 * The process's one server context: configuration, the database (PGlite must be opened exactly once
 * per process, so it lives on globalThis, shared by instrumentation and every route) and the chain.
 */
export function getServerContext(): Promise<ServerContext> {
  const holder = globalThis as Holder
  holder.weftServerContext ??= createServerContext().catch((error) => {
    holder.weftServerContext = undefined
    throw error
  })
  return holder.weftServerContext
}

async function createServerContext(): Promise<ServerContext> {
  const config = loadServerConfig()
  const store = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
  const chain = defineChain({
    id: config.chainId,
    name: `chain ${config.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  })
  const client = createPublicClient({
    chain,
    transport: http(config.rpcUrl, { timeout: 10_000 }),
  }) as PublicClient
  return { config, store, chain: client }
}
