/**
 * `npm run demo` (and `npm run dev` with --dev): the whole local stack on one machine.
 * Starts anvil, deploys the contracts, funds the anvil accounts with test USDC, and serves the app.
 * Ctrl-C stops every process it started.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { createPublicClient, createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { z } from 'zod'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { TestUSDC } from '../lib/chain/generated'
import { type Anvil, startAnvil } from './lib/anvil'
import { startDemoAgents } from './lib/demo-agents'
import { deployAndRecord } from './lib/demo-deploy'
import { demoFleets } from './lib/demo-fleets'
import { buildIfStale } from './lib/next-build'
import { portInUse } from './lib/ports'

const env = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    RPC_PORT: z.coerce.number().int().min(1).max(65_535).default(8545),
  })
  .parse(process.env)
const dev = process.argv.includes('--dev')
const children: ChildProcess[] = []
let anvil: Anvil | undefined
let stopping = false

async function shutdown(code: number) {
  if (stopping) return
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  await anvil?.stop()
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))

const ports: [string, number][] = [
  ['PORT (the app)', env.PORT],
  ['RPC_PORT (the chain)', env.RPC_PORT],
  ...demoFleets.map((f): [string, number] => [`the ${f.name} agent`, f.port]),
]
for (const [name, port] of ports) {
  if (await portInUse(port)) {
    console.error(
      `demo: port ${port} for ${name} is already in use: stop what holds it or set ${name.split(' ')[0]}`,
    )
    process.exit(2)
  }
}

try {
  anvil = await startAnvil({ port: env.RPC_PORT })
  const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } }
  const publicClient = createPublicClient({ chain, transport: http(anvil.rpcUrl) })
  const deployment = await deployAndRecord(anvil.rpcUrl)

  // 100,000 test USDC for each well-known account; the renter approves through a permit in the app.
  for (const key of anvilKeys) {
    const wallet = createWalletClient({
      account: privateKeyToAccount(key),
      chain,
      transport: http(anvil.rpcUrl),
    })
    const mint = await wallet.writeContract({
      address: deployment.token,
      abi: TestUSDC.abi,
      functionName: 'mint',
      args: [wallet.account.address, 100_000n * 10n ** 6n],
    })
    await publicClient.waitForTransactionReceipt({ hash: mint })
  }

  const agents = await startDemoAgents(deployment, anvil.rpcUrl, path.resolve('.data/demo/agents'), (child) =>
    children.push(child),
  )

  // The demo chain is new every run, so is the app's store.
  const dataDir = path.resolve('.data/demo/app')
  rmSync(dataDir, { recursive: true, force: true })
  const appEnv = {
    ...process.env,
    NEXT_PUBLIC_RPC_URL: anvil.rpcUrl,
    NEXT_PUBLIC_CHAIN_IDS: '31337',
    PORT: String(env.PORT),
    RPC_URL: anvil.rpcUrl,
    CHAIN_ID: '31337',
    APP_ORIGIN: `http://localhost:${env.PORT}`,
    WEFT_DATA_DIR: dataDir,
    OPERATOR_PRIVATE_KEY: anvilKeys[0],
    // The demo's agents listen on loopback; production refuses such endpoints.
    AGGREGATOR_ALLOW_LOOPBACK: 'true',
  }
  if (!dev) await buildIfStale(appEnv)
  const next = spawn(
    process.execPath,
    ['node_modules/next/dist/bin/next', dev ? 'dev' : 'start', '-p', String(env.PORT)],
    {
      env: appEnv,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  )
  children.push(next)
  next.on('exit', (code) => {
    if (!stopping) {
      console.error(`demo: the app server exited (${code}); stopping`)
      void shutdown(1)
    }
  })

  const funded = privateKeyToAccount(anvilKeys[2] ?? '0x')
  console.log(`
Weft is running${dev ? ' (development mode)' : ''}.
  App          http://localhost:${env.PORT}
  RPC          ${anvil.rpcUrl}   chain id 31337
  WeftMarket   ${deployment.market}
  Test USDC    ${deployment.token}
  Funded account to import into a browser wallet (local test key, never use it elsewhere):
    address      ${funded.address}
    private key  ${anvilKeys[2]}
  Provider agents (simulated GPUs, real jobs):
${agents.map((a) => `    ${a.name.padEnd(18)} ${a.url}   provider ${a.provider}`).join('\n')}
Every anvil account holds 10,000 ETH and 100,000 test USDC. Ctrl-C stops everything.
`)
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`)
  await shutdown(1)
}
