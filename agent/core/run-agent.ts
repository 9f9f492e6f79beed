import { startSshGateway } from '../access/start-gateway'
import { startWebAccess } from '../access/start-web-access'
import { createAgentApp } from '../http/app'
import { type AgentServer, startAgentServer } from '../http/server'
import { detectInventory } from '../inventory/detect'
import type { GpuDevice } from '../inventory/gpu-device'
import { Agent } from './agent'
import type { AgentConfig } from './config'
import { createJobServices, hostRunnerProbes } from './job-services'
import { MarketChain } from './market-chain'
import { chooseRunner, type RunnerChoice } from './runner-choice'

export type RunningAgent = { agent: Agent; server: AgentServer; runner: RunnerChoice; close(): Promise<void> }

/** Private routes are GETs, which need no body; a request carrying one is capped all the same. */
const MAX_BODY_BYTES = 64 * 1024

/**
 * Starts the whole agent: inventory, chain, core loops and HTTP API. `close` stops serving and
 * following the chain but leaves jobs running, so a restarted agent reattaches to them.
 */
export async function runAgent(config: AgentConfig, inventory?: readonly GpuDevice[]): Promise<RunningAgent> {
  const runner = await chooseRunner(config, hostRunnerProbes)
  const gpus = inventory ?? (await detectInventory({ simulate: config.simulate }))
  const chain = new MarketChain(config.rpcUrl, config.chainId, config.market, config.providerKey)
  const startBlock = await chain.blockNumber()
  const services = createJobServices(config, gpus, runner.kind)
  const agent = new Agent(config, chain, gpus, services, startBlock)
  await agent.start()
  const ssh = await startSshGateway(agent, services.runner, config.listen.host)
  const browser = startWebAccess(agent, services.runner)
  const app = createAgentApp({
    api: agent,
    operator: config.operator,
    origin: new URL(config.endpoint).origin,
    maxBodyBytes: MAX_BODY_BYTES,
    rateLimits: { trustedProxyHops: config.trustedProxyHops },
    web: browser.web,
  })
  const server = await startAgentServer(app, {
    ...config.listen,
    upgrade: browser.upgrade,
    ahead: browser.proxy,
  })
  return {
    agent,
    server,
    runner,
    async close() {
      browser.close()
      await server.close(1000)
      await ssh?.close()
      await agent.close()
    },
  }
}
