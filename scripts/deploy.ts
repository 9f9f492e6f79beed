import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createPublicClient, createWalletClient, defineChain, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { z } from 'zod'
import { deploymentPath, readDeployment } from '../lib/chain/deployments'
import { defaultMarketParams, deployContracts } from './lib/deploy-contracts'

const LOCAL_CHAIN_IDS = new Set([31337, 1337])

const env = z
  .object({
    RPC_URL: z
      .url({ message: 'RPC_URL must be the URL of a JSON-RPC endpoint' })
      .default('http://127.0.0.1:8545'),
    DEPLOYER_PRIVATE_KEY: z
      .string({ message: 'DEPLOYER_PRIVATE_KEY is required (the key that pays for and owns the deployment)' })
      .regex(/^0x[0-9a-fA-F]{64}$/, 'DEPLOYER_PRIVATE_KEY must be 0x followed by 64 hex digits'),
    PAYMENT_TOKEN: z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/, 'PAYMENT_TOKEN must be a token address')
      .optional(),
    MIN_STAKE: z.coerce.bigint().nonnegative().default(defaultMarketParams.minStake),
    START_WINDOW: z.coerce.number().int().positive().default(defaultMarketParams.startWindow),
    COMPENSATION_SECONDS: z.coerce
      .number()
      .int()
      .nonnegative()
      .default(defaultMarketParams.compensationSeconds),
    DEPLOYMENTS_DIR: z.string().default('deployments'),
  })
  .safeParse(process.env)
if (!env.success) {
  console.error(`deploy: bad configuration\n${z.prettifyError(env.error)}`)
  process.exit(2)
}
const config = env.data

const publicClient = createPublicClient({ transport: http(config.RPC_URL) })
const chainId = await publicClient.getChainId()
const local = LOCAL_CHAIN_IDS.has(chainId)
if (!local && !config.PAYMENT_TOKEN) {
  console.error(`deploy: chain ${chainId} is not a local chain; set PAYMENT_TOKEN to its USDC address`)
  process.exit(2)
}

const dir = path.resolve(config.DEPLOYMENTS_DIR)
const existing = readDeployment(chainId, dir)
if (existing) {
  const code = await publicClient.getCode({ address: existing.market })
  if (code && code !== '0x') {
    console.log(`WeftMarket already deployed on chain ${chainId} at ${existing.market}; nothing to do`)
    process.exit(0)
  }
}

const chain = defineChain({
  id: chainId,
  name: local ? 'Anvil' : `Chain ${chainId}`,
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [config.RPC_URL] } },
})
const account = privateKeyToAccount(config.DEPLOYER_PRIVATE_KEY as Hex)
const wallet = createWalletClient({ account, chain, transport: http(config.RPC_URL) })
const deployment = await deployContracts(
  { wallet, publicClient },
  {
    token: config.PAYMENT_TOKEN as Hex | undefined,
    params: {
      minStake: config.MIN_STAKE,
      startWindow: config.START_WINDOW,
      compensationSeconds: config.COMPENSATION_SECONDS,
    },
  },
)
mkdirSync(dir, { recursive: true })
writeFileSync(deploymentPath(chainId, dir), `${JSON.stringify(deployment, null, 2)}\n`)
console.log(
  `WeftMarket deployed on chain ${chainId} at ${deployment.market} (block ${deployment.deployBlock})`,
)
console.log(`payment token ${deployment.token}${deployment.testToken ? ' (TestUSDC, public mint)' : ''}`)
console.log(`wrote ${path.relative(process.cwd(), deploymentPath(chainId, dir))}`)
