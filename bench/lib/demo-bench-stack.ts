import path from 'node:path'
import type { E2eStackInfo } from '../../e2e/stack/provided'
import { freePort } from '../../lib/chain/anvil'
import { demoFleets } from '../../scripts/lib/demo-fleets'
import { type DemoStack, startDemoStack } from '../../scripts/lib/demo-stack'
import { portInUse } from '../../scripts/lib/ports'

/** A first port of `count` free consecutive ones (the demo's agents listen on a run of ports). */
async function freeRun(count: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000)
    const taken = await Promise.all(Array.from({ length: count }, (_, i) => portInUse(base + i)))
    if (!taken.includes(true)) return base
  }
}

/**
 * The demo stack for a benchmark, as `npm run demo` runs it (`next start` on the existing build):
 * its own data folder and free ports, so a run can go beside a demo, the end-to-end stack or
 * another benchmark. Returns the stack and what the end-to-end harness needs to drive it.
 */
export async function startBenchStack(dataDir: string): Promise<{ stack: DemoStack; info: E2eStackInfo }> {
  const stack = await startDemoStack({
    appPort: await freePort(),
    rpcPort: await freePort(),
    agentPortBase: await freeRun(demoFleets.length),
    fleets: demoFleets,
    dataDir,
    deploymentsDir: path.join(dataDir, 'deployments'),
    mode: 'start',
    buildWhenStale: false,
    logToFiles: true,
  })
  const info: E2eStackInfo = {
    appUrl: stack.appUrl,
    rpcUrl: stack.rpcUrl,
    artifactsDir: path.join(dataDir, 'screenshots'),
    market: stack.deployment.market,
    token: stack.deployment.token,
    agents: stack.agents.map((a) => ({ name: a.name, url: a.url, provider: a.provider, flaky: a.flaky })),
  }
  return { stack, info }
}
