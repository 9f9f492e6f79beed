import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { privateKeyToAccount } from 'viem/accounts'
import { registerCommand } from '../../agent/cli/register-command'
import { loadAgentConfig } from '../../agent/core/config'
import { anvilKeys } from '../../lib/chain/anvil-accounts'
import { demoFleets } from './demo-fleets'
import type { Deployment } from './deploy-contracts'

const root = path.resolve(import.meta.dirname, '../..')

export type DemoAgent = { name: string; url: string; provider: string; process: ChildProcess }

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`agent at ${url} exited with code ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/v1/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`agent at ${url} did not answer /v1/health within ${timeoutMs / 1000} s`)
}

/**
 * Writes each demo fleet's config and simulated inventory under `dir`, registers the providers
 * on-chain and starts one agent process per fleet on loopback. State starts fresh every run,
 * because the demo chain does too.
 */
export async function startDemoAgents(
  deployment: Deployment,
  rpcUrl: string,
  dir: string,
  onSpawn: (child: ChildProcess) => void,
): Promise<DemoAgent[]> {
  rmSync(dir, { recursive: true, force: true })
  const operator = privateKeyToAccount(anvilKeys[0] ?? '0x').address
  const agents: DemoAgent[] = []
  for (const fleet of demoFleets) {
    const fleetDir = path.join(dir, fleet.name)
    mkdirSync(fleetDir, { recursive: true })
    const url = `http://127.0.0.1:${fleet.port}`
    writeFileSync(
      path.join(fleetDir, 'inventory.json'),
      JSON.stringify({ host: fleet.name, gpus: fleet.gpus }, null, 2),
    )
    const configFile = path.join(fleetDir, 'agent.json')
    const config = {
      rpcUrl,
      chainId: deployment.chainId,
      market: deployment.market,
      token: deployment.token,
      endpoint: url,
      listen: { host: '127.0.0.1', port: fleet.port },
      region: fleet.region,
      prices: fleet.prices,
      operator,
      dataDir: 'data',
      simulate: 'inventory.json',
      stake: '500',
      claimIntervalSeconds: 60,
    }
    writeFileSync(configFile, JSON.stringify(config, null, 2))
    const key = anvilKeys[fleet.keyIndex] ?? '0x'
    const env = { ...process.env, WEFT_PROVIDER_KEY: key }
    await registerCommand(loadAgentConfig(configFile, env))
    const child = spawn(
      process.execPath,
      [path.join(root, 'agent/bin/weft-agent.mjs'), 'serve', '--config', configFile],
      {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    )
    onSpawn(child)
    agents.push({ name: fleet.name, url, provider: privateKeyToAccount(key).address, process: child })
  }
  await Promise.all(agents.map((a) => waitForHealth(a.url, a.process)))
  return agents
}
