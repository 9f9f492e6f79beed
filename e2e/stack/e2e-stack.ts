import path from 'node:path'
import { z } from 'zod'
import { demoFleets } from '../../scripts/lib/demo-fleets'
import type { DemoStackOptions } from '../../scripts/lib/demo-stack'

const root = path.resolve(import.meta.dirname, '../..')

/**
 * The fleet whose offers live 60 s, so a journey can watch one expire for real. (The rent panel
 * calls an offer too close to expiry within 30 s of it, so shorter lives would never be rentable.)
 */
export const shortLivedFleet = 'oregon-consumer'

const env = z
  .object({
    E2E_APP_PORT: z.coerce.number().int().min(1).max(65_535).default(3100),
    E2E_RPC_PORT: z.coerce.number().int().min(1).max(65_535).default(8645),
    E2E_AGENT_PORT: z.coerce.number().int().min(1).max(65_000).default(8801),
  })
  .parse(process.env)

// Runs on other ports keep their own data, so two suites can run side by side.
const dataFolder = env.E2E_APP_PORT === 3100 ? '.data/e2e' : `.data/e2e-${env.E2E_APP_PORT}`

/**
 * The stack the end-to-end tests run against: the demo's fleets on ports of its own (so a running
 * `npm run demo` or `npm run dev` is left alone), `next start` on the existing production build.
 */
export const e2eStackOptions: DemoStackOptions = {
  appPort: env.E2E_APP_PORT,
  rpcPort: env.E2E_RPC_PORT,
  agentPortBase: env.E2E_AGENT_PORT,
  fleets: demoFleets.map((fleet) =>
    fleet.name === shortLivedFleet ? { ...fleet, offerTtlSeconds: 60 } : fleet,
  ),
  dataDir: path.join(root, dataFolder),
  deploymentsDir: path.join(root, dataFolder, 'deployments'),
  mode: 'start',
  buildWhenStale: false,
  logToFiles: true,
}

/** Screenshots and other files a run leaves for people to look at (gitignored). */
export const artifactsDir = path.join(root, 'e2e/screenshots')
