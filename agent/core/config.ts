import { readFileSync } from 'node:fs'
import path from 'node:path'
import { getAddress, type Hex, parseUnits } from 'viem'
import { z } from 'zod'

const address = z.string().transform((value, ctx) => {
  try {
    return getAddress(value)
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `must be an address (0x and 40 hex digits), got ${JSON.stringify(value)}`,
    })
    return z.NEVER
  }
})
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal number as text, e.g. "2.49"')

/** The agent's settings file, merged with WEFT_* environment variables (which win). */
export const agentConfigSchema = z
  .object({
    rpcUrl: z.url('rpcUrl must be the URL of a JSON-RPC endpoint'),
    chainId: z.number().int().positive(),
    market: address,
    /** Payment token of the offers (the market's allowlisted USDC). */
    token: address,
    tokenDecimals: z.number().int().min(0).max(36).default(6),
    providerKey: z
      .string({
        error: 'providerKey is required: set WEFT_PROVIDER_KEY (preferred) or providerKey in the file',
      })
      .regex(/^0x[0-9a-fA-F]{64}$/, 'providerKey must be 0x followed by 64 hex digits'),
    /** The URL renters and the market reach this agent at (registered on-chain). */
    endpoint: z.url('endpoint must be the public URL of this agent'),
    listen: z
      .object({
        host: z.string().default('0.0.0.0'),
        port: z.number().int().min(0).max(65_535).default(8700),
      })
      .default({
        host: '0.0.0.0',
        port: 8700,
      }),
    region: z.string().min(1).max(64),
    /**
     * Proxies in front of the agent (a TLS terminator) that append the client's address to
     * X-Forwarded-For: rate limits count the entry the nearest of them wrote. 0 when the agent
     * is reached directly, so a client cannot pick the address it is counted under.
     */
    trustedProxyHops: z.number().int().min(0).max(10).default(0),
    /** Price per GPU-hour in token units, by canonical GPU model id or name ("*" for any other). */
    prices: z
      .record(z.string(), decimal)
      .refine((p) => Object.keys(p).length > 0, 'prices must name at least one GPU model'),
    /** The marketplace operator allowed to read rentals' status and logs on renters' behalf. */
    operator: address,
    dataDir: z.string().min(1),
    /**
     * How jobs run: `auto` picks `container` when Docker answers, else `sandbox` when bubblewrap is
     * installed. `process` isolates nothing and is refused on any chain but a local one (31337).
     */
    runner: z.enum(['auto', 'container', 'sandbox', 'process']).default('auto'),
    /**
     * What the host sells besides its GPUs, where the detected figures (less a reserve for the
     * host) should not be used: whole CPU cores, memory and workspace disk in MiB, network Mbit/s.
     */
    resources: z
      .strictObject({
        cpus: z.number().int().positive().optional(),
        memoryMiB: z.number().int().min(256).optional(),
        diskMiB: z.number().int().min(1024).optional(),
        networkMbps: z.number().int().nonnegative().optional(),
      })
      .default({}),
    /** A simulated inventory file, where no GPU (or no nvidia-smi) exists. */
    simulate: z.string().optional(),
    stake: decimal.default('100'),
    offerTtlSeconds: z.number().int().min(30).max(86_400).default(300),
    minDurationSeconds: z.number().int().min(1).default(60),
    maxDurationSeconds: z
      .number()
      .int()
      .min(60)
      .max(4_294_967_295)
      .default(7 * 86_400),
    claimIntervalSeconds: z.number().int().min(5).default(300),
    pollIntervalMs: z.number().int().min(100).default(1000),
    /** Seconds a job gets between SIGTERM and SIGKILL. */
    stopGraceSeconds: z.number().int().min(0).max(300).default(10),
    logLimitBytes: z
      .number()
      .int()
      .min(1024)
      .default(8 * 1024 * 1024),
    /**
     * The SSH gateway's port (agent/access): renters reach a shell inside their running job with
     * `ssh -p <sshPort> <rental id>@<host>`. No gateway when unset.
     */
    sshPort: z.number().int().min(1).max(65_535).optional(),
    /**
     * How long a rental's workspace `outputs/` stays downloadable after its job ends (the browser
     * files routes); then the agent deletes the workspace. 24 h by default, at most 30 days.
     */
    outputsRetentionSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .default(86_400),
  })
  .strict()
  .refine((c) => c.minDurationSeconds <= c.maxDurationSeconds, {
    message: 'minDurationSeconds must not exceed maxDurationSeconds',
    path: ['minDurationSeconds'],
  })

export type AgentConfig = z.infer<typeof agentConfigSchema> & { providerKey: Hex; configDir: string }

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

const envKeys: Record<string, string> = {
  WEFT_PROVIDER_KEY: 'providerKey',
  WEFT_RPC_URL: 'rpcUrl',
  WEFT_ENDPOINT: 'endpoint',
  WEFT_DATA_DIR: 'dataDir',
  WEFT_OPERATOR: 'operator',
}

/** Reads, merges and validates the configuration; a bad setting throws a sentence naming it. */
export function loadAgentConfig(
  file: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): AgentConfig {
  let fromFile: Record<string, unknown> = {}
  if (file) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      throw new ConfigError(`cannot read the config file ${file}: ${(error as Error).message}`)
    }
    try {
      fromFile = z.record(z.string(), z.unknown()).parse(JSON.parse(text))
    } catch {
      throw new ConfigError(`the config file ${file} is not a JSON object`)
    }
  }
  const merged: Record<string, unknown> = { ...fromFile }
  for (const [variable, key] of Object.entries(envKeys)) if (env[variable]) merged[key] = env[variable]
  const parsed = agentConfigSchema.safeParse(merged)
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`,
    )
    throw new ConfigError(`invalid agent configuration${file ? ` (${file})` : ''}: ${problems.join('; ')}`)
  }
  const configDir = file ? path.dirname(path.resolve(file)) : process.cwd()
  const resolve = (p: string) => (path.isAbsolute(p) ? p : path.resolve(configDir, p))
  return {
    ...parsed.data,
    providerKey: parsed.data.providerKey as Hex,
    dataDir: resolve(parsed.data.dataDir),
    simulate: parsed.data.simulate ? resolve(parsed.data.simulate) : undefined,
    configDir,
  }
}

/** Price per GPU-hour in token base units for `modelId` (or `name`), or undefined when not for rent. */
export function gpuHourPrice(config: AgentConfig, modelId: string | null, name: string): bigint | undefined {
  const text = (modelId && config.prices[modelId]) ?? config.prices[name] ?? config.prices['*']
  return text === undefined ? undefined : parseUnits(text, config.tokenDecimals)
}
