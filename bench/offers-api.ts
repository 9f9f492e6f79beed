/**
 * /api/offers under load: 10,000 offers in PostgreSQL, the production server (`next start`),
 * 50 concurrent connections (autocannon) on a filtered query and on the trivial /api/health route.
 * Prints JSON and writes bench/results/offers-api.json. Needs `next build` first. Never gates CI.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import autocannon from 'autocannon'
import { openTestStore } from '../lib/db/test-stores'
import { insertSampleOffers } from '../lib/market/sample-offers'
import { freePort } from '../scripts/lib/anvil'

const root = path.resolve(import.meta.dirname, '..')
const OFFERS = 10_000
const CONNECTIONS = 50
const DURATION_S = 10

const store = await openTestStore('postgres')
let server: ChildProcess | undefined
try {
  await insertSampleOffers(store.db, OFFERS, {
    providerCount: 1000,
    seed: 11,
    now: new Date(Date.now() + 3_600_000),
  })
  const url = store.url ?? ''
  const port = await freePort()
  server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      MARKET_ADDRESS: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
      TOKEN_ADDRESS: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      WEFT_BACKGROUND: 'false',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break
    } catch {
      if (i > 150) throw new Error('the app did not start')
    }
    await new Promise((r) => setTimeout(r, 200))
  }
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
  console.log(JSON.stringify(result, null, 2))
  mkdirSync(path.join(root, 'bench/results'), { recursive: true })
  writeFileSync(path.join(root, 'bench/results/offers-api.json'), `${JSON.stringify(result, null, 2)}\n`)
} finally {
  server?.kill('SIGTERM')
  await store.close()
}
