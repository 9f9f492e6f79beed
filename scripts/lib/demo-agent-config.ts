import type { Address } from 'viem'
import { healthSchema } from '../../lib/protocol/health-report'
import type { DemoFleet } from './demo-fleets'
import type { Deployment } from './deploy-contracts'

/** Workspace disk a demo host sells with each GPU. */
const DEMO_DISK_PER_GPU_MIB = 2048
/** How often a demo agent reads new blocks from the local chain. */
export const DEMO_POLL_INTERVAL_MS = 250

export type DemoRunner = 'sandbox' | 'process'

export type DemoAgentConfigInput = {
  deployment: Deployment
  rpcUrl: string
  fleet: DemoFleet
  operator: Address
  /** The registered endpoint (a flaky fleet's proxy). */
  url: string
  /** Where the agent's HTTP API (and browser access) listens. */
  listenPort: number
  /** The SSH gateway's port: free on loopback, one per agent. */
  sshPort: number
  runner: DemoRunner
}

/**
 * One demo agent's config file (relative paths: the agent runs in its fleet's folder). Every demo
 * agent serves SSH and browser access to its renters' running jobs.
 */
export function demoAgentConfig(input: DemoAgentConfigInput) {
  const { deployment, fleet } = input
  return {
    rpcUrl: input.rpcUrl,
    chainId: deployment.chainId,
    market: deployment.market,
    token: deployment.token,
    endpoint: input.url,
    listen: { host: '127.0.0.1', port: input.listenPort },
    region: fleet.region,
    prices: fleet.prices,
    operator: input.operator,
    dataDir: 'data',
    simulate: 'inventory.json',
    stake: '500',
    claimIntervalSeconds: 60,
    // The local chain answers at once: a rent is seen within a quarter second instead of a second.
    pollIntervalMs: DEMO_POLL_INTERVAL_MS,
    runner: input.runner,
    sshPort: input.sshPort,
    // Five simulated hosts share this machine's disk, and workspaces reserve what they sell.
    resources: { diskMiB: DEMO_DISK_PER_GPU_MIB * fleet.gpus.reduce((n, g) => n + g.count, 0) },
    ...(fleet.offerTtlSeconds ? { offerTtlSeconds: fleet.offerTtlSeconds } : {}),
  }
}

/** An agent's SSH gateway as its health report states it. */
export type DemoSsh = { port: number; hostKeyFingerprint: string }

/** The `ssh` part of a `/v1/health` body; an error naming what is missing when there is none. */
export function sshFromHealth(body: unknown, url: string): DemoSsh {
  const parsed = healthSchema.safeParse(body)
  if (!parsed.success)
    throw new Error(`agent at ${url} answered /v1/health with a body that is not a health report`)
  if (!parsed.data.ssh)
    throw new Error(`agent at ${url} runs no SSH gateway although its config sets sshPort`)
  return parsed.data.ssh
}

/**
 * What the demo says about where renters' jobs, and their SSH and terminal sessions, run. The
 * agents sign the same in their offers (access and isolation), so the marketplace shows it too.
 */
export function demoAccessNote(runner: DemoRunner, sandboxMissing: string | undefined): string {
  if (runner === 'sandbox')
    return [
      'Jobs, SSH and terminal sessions run in the bubblewrap sandbox (own uid and namespaces).',
      '  Offers sign it: access SSH + web (terminal, ports, files), isolation sandbox.',
    ].join('\n')
  return [
    `No bubblewrap sandbox here (${sandboxMissing ?? 'not chosen'}): jobs run on the process runner, and SSH,`,
    '  terminal and file sessions run UNISOLATED as this user in the job’s workspace (local chain only).',
    '  Offers sign it: access SSH + web (terminal, ports, files), isolation process (shown as unisolated).',
  ].join('\n')
}
