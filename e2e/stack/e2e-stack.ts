import path from 'node:path'
import { z } from 'zod'
import { demoFleets } from '../../scripts/lib/demo-fleets'
import type { DemoStackOptions } from '../../scripts/lib/demo-stack'

const root = path.resolve(import.meta.dirname, '../..')

/** The fleet whose offers live 30 s, so a journey can watch one expire for real. */
export const shortLivedFleet = 'oregon-consumer'

const env = z
  .object({
    E2E_APP_PORT: z.coerce.number().int().min(1).max(65_535).default(3100),
    E2E_RPC_PORT: z.coerce.number().int().min(1).max(65_535).default(8645),
    E2E_AGENT_PORT_BASE: z.coerce.number().int().min(1).max(65_000).default(8801),
  })
  .parse(process.env)

/**
 * The stack the end-to-end tests run against: the demo's fleets on ports of its own (so a running
 * `npm run demo` or `npm run dev` is left alone), `next start` on the existing production build.
 */
export const e2eStackOptions: DemoStackOptions = {
  appPort: env.E2E_APP_PORT,
  rpcPort: env.E2E_RPC_PORT,
  agentPortBase: env.E2E_AGENT_PORT_BASE,
  fleets: demoFleets.map((fleet) =>
    fleet.name === shortLivedFleet ? { ...fleet, offerTtlSeconds: 30 } : fleet,
  ),
  dataDir: path.join(root, '.data/e2e'),
  deploymentsDir: path.join(root, '.data/e2e/deployments'),
  mode: 'start',
  buildWhenStale: false,
  logToFiles: true,
}

/** Screenshots and other files a run leaves for people to look at (gitignored). */
export const artifactsDir = path.join(root, 'e2e/screenshots')

/**
 * The RPC URL compiled into the browser bundle (NEXT_PUBLIC_RPC_URL at build time). The browser's
 * calls to it are routed to the test chain, so one build serves the demo and the tests.
 */
export const bakedRpcUrl = process.env.NEXT_PUBLIC_RPC_URL || 'http://127.0.0.1:8545'
