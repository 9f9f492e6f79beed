/**
 * `npm run demo` (and `npm run dev` with --dev): the whole local stack on one machine.
 * Starts anvil, deploys the contracts, funds the anvil accounts with test USDC, starts the
 * simulated provider agents (one of them flaky) and serves the app. Ctrl-C stops every process it started.
 */
import path from 'node:path'
import { privateKeyToAccount } from 'viem/accounts'
import { z } from 'zod'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { demoAgentPortBase, demoFleets } from './lib/demo-fleets'
import { busyPorts, type DemoStack, type DemoStackOptions, startDemoStack } from './lib/demo-stack'

const env = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    RPC_PORT: z.coerce.number().int().min(1).max(65_535).default(8545),
    AGENT_PORT: z.coerce.number().int().min(1).max(65_000).default(demoAgentPortBase),
  })
  .parse(process.env)
const dev = process.argv.includes('--dev')

const options: DemoStackOptions = {
  appPort: env.PORT,
  rpcPort: env.RPC_PORT,
  fleets: demoFleets,
  agentPortBase: env.AGENT_PORT,
  // A demo on other ports keeps its own data, so it can run beside the default one.
  dataDir: path.resolve(env.PORT === 3000 ? '.data/demo' : `.data/demo-${env.PORT}`),
  deploymentsDir: path.resolve('deployments'),
  mode: dev ? 'dev' : 'start',
  buildWhenStale: !dev,
}

for (const { port, what } of await busyPorts(options)) {
  const hint =
    port === env.PORT ? ' or set PORT' : port === env.RPC_PORT ? ' or set RPC_PORT' : ' or set AGENT_PORT'
  console.error(`demo: port ${port} for ${what} is already in use: stop what holds it${hint}`)
  process.exitCode = 2
}
if (process.exitCode === 2) process.exit(2)

let stack: DemoStack | undefined
let stopping = false
async function shutdown(code: number) {
  if (stopping) return
  stopping = true
  await stack?.stop()
  process.exit(code)
}
// Starting takes a while; a Ctrl-C during it must still stop what has started.
let interrupted = false
const onSignal = () => {
  if (stack) void shutdown(0)
  else interrupted = true
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

try {
  stack = await startDemoStack(options)
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
if (interrupted) await shutdown(0)
void stack.appExit.then((code) => {
  if (stopping) return
  console.error(`demo: the app server exited (${code}); stopping`)
  void shutdown(1)
})

const funded = privateKeyToAccount(anvilKeys[2] ?? '0x')
console.log(`
Weft is running${dev ? ' (development mode)' : ''}.
  App          ${stack.appUrl}
  RPC          ${stack.rpcUrl}   chain id 31337
  WeftMarket   ${stack.deployment.market}
  Test USDC    ${stack.deployment.token}
  Funded account to import into a browser wallet (local test key, never use it elsewhere):
    address      ${funded.address}
    private key  ${anvilKeys[2]}
  Provider agents (simulated GPUs, real jobs; browser access on each URL):
${stack.agents
  .map(
    (a) =>
      `    ${a.name.padEnd(18)} ${a.url}   provider ${a.provider}${a.flaky ? '   (flaky: down part of every minute)' : ''}\n` +
      `    ${''.padEnd(18)} ssh -p ${a.ssh.port} <rental id>@127.0.0.1   host key ${a.ssh.hostKeyFingerprint}`,
  )
  .join('\n')}
  ${stack.accessNote}
Every anvil account holds 10,000 ETH and 100,000 test USDC. Ctrl-C stops everything.
`)
