/**
 * The marketplace's pages under load, on the demo stack (own ports and data folder, `next start` on
 * the existing build, so run `npm run build` first): anvil, the contracts, the five simulated
 * providers and the app with its aggregator polling them, as `npm run demo` runs it. 100 concurrent
 * connections (autocannon) for 10 s on the trivial /api/health route, then on `/` as a first visit
 * (no cookie: the page regenerated in the background), as a returning visitor who chose a theme
 * (the same rendering: the theme is applied in the browser), as a visitor with a connected wallet
 * (its cookie: rendered per request, with the saved account in the header), then on the page of a
 * listed offer as a first visit (its shared rendering) and with a connected wallet (rendered per
 * request), one after another in the same run. Targets: no errors, no timeouts, no non-2xx
 * answers anywhere, and `/` (first and returning visits) at ≥ 0.5 × /api/health's requests per
 * second. Prints JSON and writes bench/results/pages.json.
 */
import { cpus, loadavg } from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { privateKeyToAccount } from 'viem/accounts'
import { liveOffer } from '../e2e/harness/offers'
import { anvilKeys } from '../lib/chain/anvil-accounts'
import { shortAddress } from '../lib/wallet/short-address'
import { connectedWalletCookie } from './lib/connected-visitor'
import { startBenchStack } from './lib/demo-bench-stack'
import { loadFigures } from './lib/load-figures'
import { report, root } from './lib/seeded-app'

const CONNECTIONS = 100
const DURATION_S = 10
const TARGET_HOME_RATIO = 0.5
const dataDir = path.join(root, '.data/bench-pages')
/** A visitor who chose a theme: served the anonymous rendering, the theme applied by its inline script. */
const RETURNING = { cookie: 'weft-theme=dark' }

const { stack, info } = await startBenchStack(dataDir)
const visitor = privateKeyToAccount(anvilKeys[4] ?? '0x').address
const CONNECTED = { cookie: connectedWalletCookie(visitor, stack.deployment.chainId) }

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
    ...loadFigures(result),
    bytesPerRequest: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
  }
}

try {
  // An offer from a reliable fleet that stays valid well past the run, so its page keeps answering 200.
  const offer = await liveOffer(info, 'frankfurt-h100', 1, 120)
  await expectPage('/', offer.gpuName)
  await expectPage('/', offer.gpuName, RETURNING)
  await expectPage('/', shortAddress(visitor), CONNECTED)
  await expectPage(offer.path, offer.gpuName)

  // Warm-up, not counted: the server's first renderings of each page compile and fill caches.
  for (const [pathname, headers] of [
    ['/api/health'],
    ['/'],
    ['/', RETURNING],
    ['/', CONNECTED],
    [offer.path],
  ] as const)
    await autocannon({ url: `${stack.appUrl}${pathname}`, connections: 10, duration: 2, headers })
  const loadBefore = loadavg()[0]
  const health = await load('trivial route', '/api/health')
  const home = await load('marketplace, first visit', '/')
  const returning = await load('marketplace, returning visitor', '/', RETURNING)
  const connected = await load('marketplace, connected wallet', '/', CONNECTED)
  const offerPage = await load('offer page, first visit', offer.path)
  const offerConnected = await load('offer page, connected wallet', offer.path, CONNECTED)
  const routes = [health, home, returning, connected, offerPage, offerConnected].map((r) => ({
    ...r,
    ratioToHealth: Number((r.requestsPerSecond / health.requestsPerSecond).toFixed(3)),
  }))
  const clean = routes.every((r) => r.errors === 0 && r.timeouts === 0 && r.non2xx === 0)
  const homeRatio = [routes[1], routes[2]].every((r) => (r?.ratioToHealth ?? 0) >= TARGET_HOME_RATIO)
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
