/**
 * /api/offers under load: 10,000 offers in PostgreSQL, the production server (`next start`),
 * 50 concurrent connections (autocannon) on a filtered query and on the trivial /api/health route.
 * Prints JSON and writes bench/results/offers-api.json. Needs `next build` first. Never gates CI.
 */
import autocannon from 'autocannon'
import { report, startSeededApp } from './lib/seeded-app'

const OFFERS = 10_000
const CONNECTIONS = 50
const DURATION_S = 10

const app = await startSeededApp(OFFERS)
try {
  const { base } = app
  const query = `/api/offers?q=${encodeURIComponent('gpu=H100 gpus>=2 price<40')}&sort=gpuprice&limit=50`
  const check = await fetch(`${base}${query}`)
  const body = (await check.json()) as { total: number }
  if (!check.ok || body.total === 0)
    throw new Error(`the offers query failed or matched nothing: ${check.status}`)
  await fetch(`${base}/api/offers`) // warm up the route's first compilation of queries

  const load = (pathname: string) =>
    autocannon({ url: `${base}${pathname}`, connections: CONNECTIONS, duration: DURATION_S })
  const trivial = await load('/api/health')
  const offers = await load(query)
  const result = {
    offers: OFFERS,
    matched: body.total,
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    offersRoute: {
      p50Ms: offers.latency.p50,
      p99Ms: offers.latency.p99,
      requestsPerSecond: offers.requests.average,
      errors: offers.errors + offers.non2xx,
    },
    trivialRoute: { p99Ms: trivial.latency.p99, requestsPerSecond: trivial.requests.average },
    throughputRatio: offers.requests.average / trivial.requests.average,
    targets: { p99Ms: 50, throughputRatio: 0.6 },
  }
  await report('offers-api', result)
} finally {
  await app.stop()
}
