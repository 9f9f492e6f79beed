/**
 * The local stack as a library: anvil, the contracts, test USDC for every anvil account, the
 * simulated provider agents and the app server. `npm run demo` and the end-to-end tests start it
 * with different ports and data folders, so both can run side by side.
 */
import { ChildProcess } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { createPublicClient, createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { sandboxUnavailableReason } from '../../agent/jobs/sandbox-check'
import { type Anvil, startAnvil } from '../../lib/chain/anvil'
import { anvilKeys } from '../../lib/chain/anvil-accounts'
import { TestUSDC } from '../../lib/chain/generated'
import { demoAccessNote } from './demo-agent-config'
import { type DemoAgent, startDemoAgents } from './demo-agents'
import { startDemoApp, waitForApp } from './demo-app'
import { claimDataDir } from './demo-data-lock'
import { deployAndRecord } from './demo-deploy'
import type { FlakyProxy } from './demo-flaky-proxy'
import type { DemoFleet } from './demo-fleets'
import { stopLeftoverJobs } from './demo-jobs'
import type { Deployment } from './deploy-contracts'
import { portInUse } from './ports'

export type DemoStackOptions = {
  appPort: number
  rpcPort: number
  fleets: readonly DemoFleet[]
  agentPortBase: number
  /** Agents' folders and the app's store go here; wiped at start, since the chain is new too. */
  dataDir: string
  /** Where the deployment is recorded (deployments/ for the demo). */
  deploymentsDir: string
  mode: 'dev' | 'start'
  buildWhenStale: boolean
  /** Agents and the app write to files under `dataDir/logs` instead of this terminal. */
  logToFiles?: boolean
  /** How long the app may take to answer /api/health. */
  appTimeoutMs?: number
}

export type DemoStack = {
  appUrl: string
  rpcUrl: string
  deployment: Deployment
  agents: DemoAgent[]
  /** Where renters' jobs and their SSH and terminal sessions run (isolated or not), in a sentence. */
  accessNote: string
  /** Resolves with the app server's exit code if it stops by itself. */
  appExit: Promise<number | null>
  stop(): Promise<void>
}

/** Names each port the stack needs that something else already holds. */
export async function busyPorts(options: DemoStackOptions): Promise<{ port: number; what: string }[]> {
  const wanted = [
    { port: options.appPort, what: 'the app' },
    { port: options.rpcPort, what: 'the chain (anvil)' },
    ...options.fleets.map((f, i) => ({ port: options.agentPortBase + i, what: `the ${f.name} agent` })),
  ]
  const busy = await Promise.all(wanted.map((w) => portInUse(w.port)))
  return wanted.filter((_, i) => busy[i])
}

/** How long a process may take to stop after SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000

/** Resolves when `child` has exited; past the grace period it is killed (with its group for `group`). */
function exited(child: ChildProcess, group = false): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const kill = setTimeout(() => {
      try {
        if (group && child.pid) process.kill(-child.pid, 'SIGKILL')
        else child.kill('SIGKILL')
      } catch {
        // gone already
      }
    }, STOP_GRACE_MS)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
  })
}

/** Mints 100,000 test USDC to each well-known anvil account. */
async function fundAccounts(rpcUrl: string, deployment: Deployment): Promise<void> {
  const chain = { ...foundry, rpcUrls: { default: { http: [rpcUrl] } } }
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) })
  for (const key of anvilKeys) {
    const account = privateKeyToAccount(key)
    const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) })
    const hash = await wallet.writeContract({
      address: deployment.token,
      abi: TestUSDC.abi,
      functionName: 'mint',
      args: [account.address, 100_000n * 10n ** 6n],
    })
    await publicClient.waitForTransactionReceipt({ hash })
  }
}

/** Starts the whole stack; on any failure stops what it had started and rethrows. */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const busy = await busyPorts(options)
  if (busy.length > 0) {
    throw new Error(`port ${busy.map((b) => `${b.port} (${b.what})`).join(', ')} already in use`)
  }
  const release = claimDataDir(options.dataDir)
  // A stack that crashed may have left jobs running and workspaces mounted in its folder.
  await stopLeftoverJobs(path.join(options.dataDir, 'agents'))
  rmSync(options.dataDir, { recursive: true, force: true })
  const logDir = path.join(options.dataDir, 'logs')
  mkdirSync(logDir, { recursive: true })
  const children: ChildProcess[] = []
  const proxies: FlakyProxy[] = []
  let anvil: Anvil | undefined
  let app: ChildProcess | undefined
  const stop = async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue
      // The app runs in its own process group (next's workers with it).
      if (child === app && child.pid) process.kill(-child.pid, 'SIGTERM')
      else child.kill('SIGTERM')
    }
    await Promise.all([
      ...children.map((child) => exited(child, child === app)),
      ...proxies.map((p) => p.close()),
    ])
    // Agents leave their jobs running when they stop (a restarted agent reattaches); the stack does not.
    await stopLeftoverJobs(path.join(options.dataDir, 'agents'))
    await anvil?.stop()
    release()
  }
  try {
    anvil = await startAnvil({ port: options.rpcPort })
    const deployment = await deployAndRecord(anvil.rpcUrl, options.deploymentsDir)
    await fundAccounts(anvil.rpcUrl, deployment)
    // Renters' jobs run sandboxed wherever bubblewrap can (the demo's jobs name no image for Docker).
    const sandboxMissing = sandboxUnavailableReason()
    const runner = sandboxMissing === undefined ? 'sandbox' : 'process'
    const agents = await startDemoAgents({
      runner,
      deployment,
      rpcUrl: anvil.rpcUrl,
      fleets: options.fleets,
      portBase: options.agentPortBase,
      dir: path.join(options.dataDir, 'agents'),
      logToFiles: options.logToFiles,
      onStart: (started) =>
        started instanceof ChildProcess ? children.push(started) : proxies.push(started),
    })
    app = await startDemoApp({
      port: options.appPort,
      rpcUrl: anvil.rpcUrl,
      deployment,
      dataDir: path.join(options.dataDir, 'app'),
      operatorKey: anvilKeys[0] ?? '0x',
      mode: options.mode,
      buildWhenStale: options.buildWhenStale,
      logFile: options.logToFiles ? path.join(logDir, 'app.log') : undefined,
    })
    children.push(app)
    const server = app
    const appExit = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
    const appUrl = `http://localhost:${options.appPort}`
    await waitForApp(appUrl, server, options.appTimeoutMs ?? 180_000)
    const accessNote = demoAccessNote(runner, sandboxMissing)
    return { appUrl, rpcUrl: anvil.rpcUrl, deployment, agents, accessNote, appExit, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
