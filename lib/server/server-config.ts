import 'server-only'
import path from 'node:path'
import { type Address, getAddress, type Hex } from 'viem'
import { z } from 'zod'
import { readDeployment } from '@/lib/chain/deployments'
import { type RateLimitRules, rateLimitsSetting } from '@/lib/http/rate-limit-rules'

const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1')

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  WEFT_DATA_DIR: z.string().default('.data'),
  RPC_URL: z.url('RPC_URL must be the URL of a JSON-RPC endpoint').default('http://127.0.0.1:8545'),
  CHAIN_ID: z.coerce.number().int().positive().default(31337),
  MARKET_ADDRESS: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, 'MARKET_ADDRESS must be an address')
    .optional(),
  TOKEN_ADDRESS: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, 'TOKEN_ADDRESS must be an address')
    .optional(),
  DEPLOY_BLOCK: z.coerce.bigint().nonnegative().optional(),
  /** The app's public origin: Sign-In with Ethereum messages must name it, cookies are scoped to it. */
  APP_ORIGIN: z
    .url('APP_ORIGIN must be the app’s public origin, e.g. https://weft.example')
    .default('http://localhost:3000'),
  /** Key of the marketplace operator: signs the market's requests to provider agents. */
  OPERATOR_PRIVATE_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, 'OPERATOR_PRIVATE_KEY must be 0x followed by 64 hex digits')
    .optional(),
  /** Development only: let the aggregator poll loopback endpoints (the local demo's agents). */
  AGGREGATOR_ALLOW_LOOPBACK: flag,
  /**
   * How many proxies in front of the app append to X-Forwarded-For (a load balancer: 1). 0 trusts
   * the header not at all and counts the connection's own address: a client can write anything there.
   */
  TRUSTED_PROXY_HOPS: z.coerce
    .number()
    .int('TRUSTED_PROXY_HOPS must be a whole number')
    .min(0, 'TRUSTED_PROXY_HOPS must be 0 or more')
    .max(8, 'TRUSTED_PROXY_HOPS must be at most 8')
    .default(0),
  /** Rate-limit overrides: `off`, or e.g. `events=120/60,sign-in.ip=10/60` (see rate-limit-rules.ts). */
  WEFT_RATE_LIMITS: rateLimitsSetting,
  /** Set to false on app instances that should only serve, never poll or index. */
  WEFT_BACKGROUND: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
})

export type ServerConfig = {
  databaseUrl?: string
  dataDir: string
  rpcUrl: string
  chainId: number
  market: Address
  token: Address
  deployBlock: bigint
  appOrigin: string
  operatorKey?: Hex
  allowLoopback: boolean
  background: boolean
  production: boolean
  trustedProxyHops: number
  rateLimits: RateLimitRules
}

export class ServerConfigError extends Error {}

/** The server's settings from the environment (and deployments/<chainId>.json); a bad one throws a sentence. */
export function loadServerConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServerConfig {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    throw new ServerConfigError(
      `invalid server configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    )
  }
  const c = parsed.data
  const deployment = readDeployment(c.CHAIN_ID, path.resolve(process.cwd(), 'deployments'))
  const market = c.MARKET_ADDRESS ?? deployment?.market
  const token = c.TOKEN_ADDRESS ?? deployment?.token
  if (!market || !token) {
    throw new ServerConfigError(
      `no WeftMarket deployment for chain ${c.CHAIN_ID}: set MARKET_ADDRESS and TOKEN_ADDRESS, or deploy (npm run deploy)`,
    )
  }
  return {
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(process.cwd(), c.WEFT_DATA_DIR, 'db'),
    rpcUrl: c.RPC_URL,
    chainId: c.CHAIN_ID,
    market: getAddress(market),
    token: getAddress(token),
    deployBlock: c.DEPLOY_BLOCK ?? BigInt(deployment?.deployBlock ?? '0'),
    appOrigin: new URL(c.APP_ORIGIN).origin,
    operatorKey: c.OPERATOR_PRIVATE_KEY as Hex | undefined,
    allowLoopback: c.AGGREGATOR_ALLOW_LOOPBACK,
    background: c.WEFT_BACKGROUND,
    trustedProxyHops: c.TRUSTED_PROXY_HOPS,
    rateLimits: c.WEFT_RATE_LIMITS,
    production: env.NODE_ENV === 'production' && new URL(c.APP_ORIGIN).protocol === 'https:',
  }
}
