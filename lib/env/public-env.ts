import { z } from 'zod'

/** Chain ids the app knows how to serve; anything else in NEXT_PUBLIC_CHAIN_IDS is a typo. */
export const knownChainIds = [31337, 8453, 84532] as const
export type KnownChainId = (typeof knownChainIds)[number]

const isKnownChainId = (id: number): id is KnownChainId => knownChainIds.some((known) => known === id)

const chainIdsSchema = z
  .string()
  .trim()
  .min(1, 'expected a comma-separated list of chain ids')
  .transform((value, ctx) => {
    const ids: KnownChainId[] = []
    for (const part of value.split(',')) {
      const id = Number(part.trim())
      if (!Number.isInteger(id) || !isKnownChainId(id)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${part.trim()}" is not one of ${knownChainIds.join(', ')}`,
        })
        return z.NEVER
      }
      if (!ids.includes(id)) ids.push(id)
    }
    return ids
  })

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http or https URL' })
// An empty string in .env files means "not set", not "set to nothing".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional())

const schema = z.object({
  NEXT_PUBLIC_RPC_URL: optional(httpUrl).default('http://127.0.0.1:8545'),
  NEXT_PUBLIC_CHAIN_IDS: optional(z.string()).default('31337').pipe(chainIdsSchema),
  NEXT_PUBLIC_BASE_RPC_URL: optional(httpUrl),
  NEXT_PUBLIC_BASE_SEPOLIA_RPC_URL: optional(httpUrl),
  NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: optional(
    z.string().regex(/^[0-9a-f]{32}$/i, 'expected 32 hex digits'),
  ),
})

export type PublicEnvSource = Partial<Record<keyof typeof schema.shape, string | undefined>>

export type PublicEnv = {
  rpcUrl: string
  chainIds: readonly [KnownChainId, ...KnownChainId[]]
  baseRpcUrl: string | undefined
  baseSepoliaRpcUrl: string | undefined
  walletConnectProjectId: string | undefined
}

/** Parses the public settings; a bad one throws a sentence that names it and says what was expected. */
export function parsePublicEnv(source: PublicEnvSource): PublicEnv {
  const result = schema.safeParse(source)
  if (!result.success) {
    const issue = result.error.issues[0]
    const name = String(issue?.path[0] ?? 'public environment')
    const value = Object.entries(source).find(([key]) => key === name)?.[1]
    const shown = value === undefined ? '' : ` (${JSON.stringify(value)})`
    throw new Error(`Setting ${name}${shown} is malformed: ${issue?.message ?? 'invalid value'}.`)
  }
  const env = result.data
  const [first, ...rest] = env.NEXT_PUBLIC_CHAIN_IDS
  if (first === undefined) throw new Error('Setting NEXT_PUBLIC_CHAIN_IDS is malformed: it names no chain.')
  return {
    rpcUrl: env.NEXT_PUBLIC_RPC_URL,
    chainIds: [first, ...rest],
    baseRpcUrl: env.NEXT_PUBLIC_BASE_RPC_URL,
    baseSepoliaRpcUrl: env.NEXT_PUBLIC_BASE_SEPOLIA_RPC_URL,
    walletConnectProjectId: env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID,
  }
}

// Each variable is spelled out because Next inlines NEXT_PUBLIC_* into client code only by literal name.
export const publicEnv = parsePublicEnv({
  NEXT_PUBLIC_RPC_URL: process.env.NEXT_PUBLIC_RPC_URL,
  NEXT_PUBLIC_CHAIN_IDS: process.env.NEXT_PUBLIC_CHAIN_IDS,
  NEXT_PUBLIC_BASE_RPC_URL: process.env.NEXT_PUBLIC_BASE_RPC_URL,
  NEXT_PUBLIC_BASE_SEPOLIA_RPC_URL: process.env.NEXT_PUBLIC_BASE_SEPOLIA_RPC_URL,
  NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: process.env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID,
})
