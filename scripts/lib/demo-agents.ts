import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Address } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { registerCommand } from '../../agent/cli/register-command'
import { loadAgentConfig } from '../../agent/core/config'
import { freePort } from '../../lib/chain/anvil'
import { anvilKeys } from '../../lib/chain/anvil-accounts'
import { type DemoRunner, type DemoSsh, demoAgentConfig, sshFromHealth } from './demo-agent-config'
import { type FlakyProxy, startFlakyProxy } from './demo-flaky-proxy'
import type { DemoFleet } from './demo-fleets'
import type { Deployment } from './deploy-contracts'

const root = path.resolve(import.meta.dirname, '../..')

export type DemoAgent = {
  name: string
  url: string
  provider: Address
  flaky: boolean
  /** Where its renters' jobs and their SSH and terminal sessions run. */
  runner: DemoRunner
  /** Its SSH gateway, as its health report states it. */
  ssh: DemoSsh
  process: ChildProcess
  proxy?: FlakyProxy
}

/** Waits for the agent's health report and returns it. */
async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`agent at ${url} exited with code ${child.exitCode}`)
    try {
      const response = await fetch(`${url}/v1/health`)
      if (response.ok) return await response.json()
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`agent at ${url} did not answer /v1/health within ${timeoutMs / 1000} s`)
}

export type StartAgentsOptions = {
  /** Where renters' jobs run: `sandbox` where bubblewrap works, else `process` (see demoRunner). */
  runner: DemoRunner
  deployment: Deployment
  rpcUrl: string
  fleets: readonly DemoFleet[]
  /** Fleet i's endpoint listens on `portBase + i`. */
  portBase: number
  /** Configs, inventories and agent state go here (wiped first: the demo chain is new every run). */
  dir: string
  /** Agents' stderr goes to `dir/<fleet>/agent.log` instead of this process's stderr. */
  logToFiles?: boolean
  /** Called for each agent process and proxy as soon as it exists, so a failed start can stop it. */
  onStart: (started: ChildProcess | FlakyProxy) => void
}

/**
 * Writes each fleet's config and simulated inventory, registers the providers on-chain and starts
 * one agent process per fleet on loopback, each with an SSH gateway on a free port and browser
 * access on its HTTP API. A flaky fleet's agent listens on a private port behind
 * a proxy that holds its registered endpoint and fails on schedule.
 */
export async function startDemoAgents(options: StartAgentsOptions): Promise<DemoAgent[]> {
  const { deployment, fleets } = options
  rmSync(options.dir, { recursive: true, force: true })
  const operator = privateKeyToAccount(anvilKeys[0] ?? '0x').address
  const agents: Omit<DemoAgent, 'ssh'>[] = []
  const healthUrls: string[] = []
  const { runner } = options
  for (const [index, fleet] of fleets.entries()) {
    const fleetDir = path.join(options.dir, fleet.name)
    mkdirSync(fleetDir, { recursive: true })
    const port = options.portBase + index
    const listenPort = fleet.flaky ? await freePort() : port
    const url = `http://127.0.0.1:${port}`
    // A flaky endpoint may be down right now: start-up waits for the agent behind the proxy.
    healthUrls.push(`http://127.0.0.1:${listenPort}`)
    writeFileSync(
      path.join(fleetDir, 'inventory.json'),
      JSON.stringify({ host: fleet.name, gpus: fleet.gpus }, null, 2),
    )
    const configFile = path.join(fleetDir, 'agent.json')
    const config = demoAgentConfig({
      deployment,
      rpcUrl: options.rpcUrl,
      fleet,
      operator,
      url,
      listenPort,
      sshPort: await freePort(),
      runner,
    })
    writeFileSync(configFile, JSON.stringify(config, null, 2))
    const key = anvilKeys[fleet.keyIndex] ?? '0x'
    const env = { ...process.env, WEFT_PROVIDER_KEY: key }
    await registerCommand(loadAgentConfig(configFile, env))
    const stderr = options.logToFiles ? openSync(path.join(fleetDir, 'agent.log'), 'a') : 'inherit'
    const child = spawn(
      process.execPath,
      [path.join(root, 'agent/bin/weft-agent.mjs'), 'serve', '--config', configFile],
      { env, stdio: ['ignore', 'ignore', stderr] },
    )
    options.onStart(child)
    const proxy = fleet.flaky
      ? await startFlakyProxy({
          host: '127.0.0.1',
          listenPort: port,
          targetPort: listenPort,
          schedule: fleet.flaky,
        })
      : undefined
    if (proxy) options.onStart(proxy)
    agents.push({
      name: fleet.name,
      url,
      provider: privateKeyToAccount(key).address,
      flaky: Boolean(fleet.flaky),
      runner,
      process: child,
      proxy,
    })
  }
  return Promise.all(
    agents.map(async (agent, i) => {
      const url = healthUrls[i] ?? agent.url
      return { ...agent, ssh: sshFromHealth(await waitForHealth(url, agent.process), url) }
    }),
  )
}
