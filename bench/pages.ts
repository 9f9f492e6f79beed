/**
 * The marketplace's pages under load, on the demo stack (own ports and data folder, `next start` on
 * the existing build, so run `npm run build` first): anvil, the contracts, the five simulated
 * providers and the app with its aggregator polling them, as `npm run demo` runs it. 100 concurrent
 * connections (autocannon) for 10 s on the trivial /api/health route, then on `/` as a first visit
 * (no cookie: the page regenerated in the background), then on `/` as a returning visitor (a theme
 * cookie: rendered per request), then on the page of a listed offer, one after another in the same
 * run. Targets: no errors, no timeouts, no non-2xx answers anywhere, and `/` (first visit) at
 * ≥ 0.5 × /api/health's requests per second. Prints JSON and writes bench/results/pages.json.
 */
import { cpus, loadavg } from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { liveOffer } from '../e2e/harness/offers'
import { freePort } from '../lib/chain/anvil'
import { demoFleets } from '../scripts/lib/demo-fleets'
import { startDemoStack } from '../scripts/lib/demo-stack'
import { portInUse } from '../scripts/lib/ports'
import { report, root } from './lib/seeded-app'

const CONNECTIONS = 100
const DURATION_S = 10
const TARGET_HOME_RATIO = 0.5
const dataDir = path.join(root, '.data/bench-pages')
/** A visitor who chose a theme: any cookie means the page is rendered for that visitor. */
const RETURNING = { cookie: 'weft-theme=dark' }

/** A first port of `count` free consecutive ones (the demo's agents listen on a run of ports). */
async function freeRun(count: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000)
    const taken = await Promise.all(Array.from({ length: count }, (_, i) => portInUse(base + i)))
    if (!taken.includes(true)) return base
  }
}

// Free ports, so the run can go beside a demo, the end-to-end stack or another benchmark.
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

/** Fails unless `pathname` answers 200 with `text` in its HTML: a load run on an error page means nothing. */
async function expectPage(pathname: string, text: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.appUrl}${pathname}`, { headers })
  const html = await response.text()
  if (response.status !== 200 || !html.includes(text))
    throw new Error(`${pathname} answered ${response.status} without "${text}": is the market readable?`)
}

async function load(name: string, pathname: string, headers: Record<string, string> = {}) {
  const result = await autocannon({
    url: `${stack.appUrl}${pathname}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers,
  })
  return {
    name,
    path: pathname,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    bytesPerRequest: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
  }
}

try {
  const info = {
    appUrl: stack.appUrl,
    rpcUrl: stack.rpcUrl,
    artifactsDir: path.join(dataDir, 'screenshots'),
    market: stack.deployment.market,
    token: stack.deployment.token,
    agents: stack.agents.map((a) => ({ name: a.name, url: a.url, provider: a.provider, flaky: a.flaky })),
  }
  // An offer from a reliable fleet that stays valid well past the run, so its page keeps answering 200.
  const offer = await liveOffer(info, 'frankfurt-h100', 1, 120)
  await expectPage('/', offer.gpuName)
  await expectPage('/', offer.gpuName, RETURNING)
  await expectPage(offer.path, offer.gpuName)

  // Warm-up, not counted: the server's first renderings of each page compile and fill caches.
  for (const [pathname, headers] of [['/api/health'], ['/'], ['/', RETURNING], [offer.path]] as const)
    await autocannon({ url: `${stack.appUrl}${pathname}`, connections: 10, duration: 2, headers })
  const loadBefore = loadavg()[0]
  const health = await load('trivial route', '/api/health')
  const home = await load('marketplace, first visit', '/')
  const returning = await load('marketplace, returning visitor', '/', RETURNING)
  const offerPage = await load('offer page', offer.path)
  const routes = [health, home, returning, offerPage].map((r) => ({
    ...r,
    ratioToHealth: Number((r.requestsPerSecond / health.requestsPerSecond).toFixed(3)),
  }))
  const clean = routes.every((r) => r.errors === 0 && r.timeouts === 0 && r.non2xx === 0)
  const homeRatio = (routes[1]?.ratioToHealth ?? 0) >= TARGET_HOME_RATIO
  await report('pages', {
    // The machine's own load (1-minute average) says how far other work shared its cores.
    machine: { cores: cpus().length, loadBefore, loadAfter: loadavg()[0] },
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    routes,
    targets: { errors: 0, timeouts: 0, non2xx: 0, homeRatioToHealth: TARGET_HOME_RATIO },
    withinTarget: { noErrors: clean, homeRatio, all: clean && homeRatio },
  })
} finally {
  await stack.stop()
}
// Job supervisors are detached from their agents by design; nothing here should keep the process alive.
process.exit(0)
