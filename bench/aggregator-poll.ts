/**
 * The aggregator polling 1,000 simulated providers served by one local child process: 10 % dead
 * (half refuse connections, half accept and never answer), 10 % slow (answer after 0.5–1.5 s),
 * the rest prompt, each live one serving signed offers. The headline is the time to reach every
 * provider: polls run back to back until each has been polled once, three ways: the fresh
 * process's first polls; a new poller's (an empty signature cache, so every offer's signatures
 * are checked, in a warm process); and `--steady` times more with its cache full (the slowest
 * is shown). A poll that defers providers to the next one shows as more than one round. Prints
 * and writes to bench/results/aggregator-poll.json {reachAllMs: {coldCache, steady,
 * freshProcess}, ratio (to the timeout), polledDeferred (each round, with its ok count), memory
 * (heap and RSS before and after, after a GC), the machine's load, rounds}.
 * Target: every provider reached within 1.5 × the timeout, cold cache and steady, memory flat.
 * Never gates CI.
 *
 *   node --expose-gc --import tsx bench/aggregator-poll.ts [--providers 1000] [--timeout 2000]
 *     [--offers 2] [--store pglite|postgres] [--concurrency N (the poller's default)] [--steady 3]
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer as createNetServer, type Socket } from 'node:net'
import { availableParallelism, loadavg } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { and, count, gte, isNotNull } from 'drizzle-orm'
import { type Address, keccak256, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createPoller, type PollSummary } from '../lib/aggregator/poller'
import { freePort } from '../lib/chain/anvil'
import { providers as providersTable } from '../lib/db/schema'
import type { SignedOfferJson } from '../lib/protocol/signed-offer'
import {
  eoaChain,
  makeOffer,
  signOffer,
  TEST_CHAIN_ID,
  TEST_MARKET,
  TEST_TOKEN,
} from '../test-support/aggregator/test-offers'
import { openTestStore } from '../test-support/db/test-stores'

type Mode = 'fast' | 'slow' | 'refused' | 'hang'
type Fleet = {
  port: number
  hangPort: number
  refusedPort: number
  providers: { address: Address; mode: Mode }[]
}

const { values: args } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    providers: { type: 'string', default: '1000' },
    timeout: { type: 'string', default: '2000' },
    offers: { type: 'string', default: '2' },
    store: { type: 'string', default: 'pglite' },
    concurrency: { type: 'string' },
    steady: { type: 'string', default: '3' },
  },
})
const providers = Number(args.providers)
const MiB = 1024 * 1024

const modeOf = (i: number): Mode =>
  i % 10 === 0 ? (i % 20 === 0 ? 'refused' : 'hang') : i % 10 === 1 ? 'slow' : 'fast'

/** The child: every simulated provider's endpoint, on two ports (and one where nothing listens). */
async function serveFleet() {
  const accounts = Array.from({ length: providers }, (_, i) =>
    privateKeyToAccount(keccak256(toHex(`weft-bench-${i}`))),
  )
  const bodies = new Map<number, { health: string; offers: string }>()
  for (const [i, account] of accounts.entries()) {
    if (modeOf(i) === 'refused' || modeOf(i) === 'hang') continue
    const offers: SignedOfferJson[] = []
    for (let k = 0; k < Number(args.offers); k++)
      offers.push(await signOffer(makeOffer(account, { gpuCount: 2 ** (k % 4) }), account))
    const health = { ok: true, version: 'bench', provider: account.address, chainId: TEST_CHAIN_ID }
    const state = { gpus: 8, freeGpus: 8, runningJobs: 0, chainReachable: true, startedAt: 0 }
    const report = JSON.stringify({ ...health, market: TEST_MARKET, ...state })
    bodies.set(i, { health: report, offers: JSON.stringify({ offers }) })
  }
  const http = createHttpServer((req, res) => {
    const [, , n, , route] = req.url?.split('/') ?? []
    const body = bodies.get(Number(n))
    if (!body) return res.writeHead(404).end()
    const answer = () =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(body[route === 'offers' ? 'offers' : 'health'])
    if (modeOf(Number(n)) === 'slow') setTimeout(answer, 500 + Math.random() * 1000)
    else answer()
  })
  http.maxConnections = 10_000
  const held: Socket[] = []
  const hang = createNetServer((socket) => {
    held.push(socket)
    socket.on('error', () => undefined)
  })
  // Real providers are many hosts; here one listener takes every connection, so give it a deep
  // accept queue (Node's default, 511, drops SYNs under a poll's burst: a 1 s retransmit each).
  await new Promise<void>((r) => http.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, r))
  await new Promise<void>((r) => hang.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, r))
  const port = (s: typeof http | typeof hang) => {
    const a = s.address()
    return typeof a === 'object' && a ? a.port : 0
  }
  const fleet: Fleet = {
    port: port(http),
    hangPort: port(hang),
    refusedPort: await freePort(),
    providers: accounts.map((a, i) => ({ address: a.address, mode: modeOf(i) })),
  }
  process.stdout.write(`${JSON.stringify(fleet)}\n`)
  process.stdin.resume()
  process.stdin.on('end', () => process.exit(0))
}

async function startFleet(): Promise<{ fleet: Fleet; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, import.meta.filename, '--serve', ...process.argv.slice(2)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the fleet exited with code ${code}`)))
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve)
  })
  return { fleet: JSON.parse(line) as Fleet, child }
}

const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10
const memory = () => {
  global.gc?.()
  const { heapUsed, rss } = process.memoryUsage()
  return { heapUsedMiB: mib(heapUsed), rssMiB: mib(rss) }
}

type Phase = 'fresh process' | 'cold cache' | 'steady'
type Round = PollSummary & { phase: Phase; ratio: number; failures: Record<string, number> }
type Reach = { reachAllMs: number; ratio: number; rounds: Round[] }

async function measure() {
  const { fleet, child } = await startFleet()
  const store = await openTestStore(args.store === 'postgres' ? 'postgres' : 'pglite')
  try {
    const endpoint = (i: number, mode: Mode) => {
      const p = mode === 'hang' ? fleet.hangPort : mode === 'refused' ? fleet.refusedPort : fleet.port
      return `http://127.0.0.1:${p}/p/${i}`
    }
    await store.db.insert(providersTable).values(
      fleet.providers.map((p, i) => ({
        address: p.address,
        providerId: i + 1,
        endpoint: endpoint(i, p.mode),
        stake: 100_000_000n,
        registeredAt: new Date(),
        updatedBlock: 1n,
      })),
    )
    const timeoutMs = Number(args.timeout)
    const newPoller = () =>
      createPoller({
        db: store.db,
        chain: eoaChain(),
        market: TEST_MARKET,
        chainId: TEST_CHAIN_ID,
        token: TEST_TOKEN,
        tokenDecimals: 6,
        allowLoopback: true,
        timeoutMs,
        ...(args.concurrency ? { concurrency: Number(args.concurrency) } : {}),
      })
    let poller = newPoller()
    const ratio = (ms: number) => Math.round((ms / timeoutMs) * 100) / 100
    let peakRss = 0
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss)
    }, 20)
    /** Polls back to back from now until every provider has been polled since: the time that takes. */
    const reachAll = async (phase: Phase): Promise<Reach> => {
      const since = new Date()
      const rounds: Round[] = []
      let reached = 0
      while (reached < providers && rounds.length < 10) {
        const polledFrom = new Date()
        const summary = await poller.poll()
        // Why the failed ones failed (the dead are 10 %: 'connection failed', 'timeout').
        const why = await store.db
          .select({ error: providersTable.lastError, n: count() })
          .from(providersTable)
          .where(and(gte(providersTable.lastPolledAt, polledFrom), isNotNull(providersTable.lastError)))
          .groupBy(providersTable.lastError)
        const failures = Object.fromEntries(why.map((w) => [w.error, w.n]))
        rounds.push({ phase, ...summary, ratio: ratio(summary.durationMs), failures })
        const [row] = await store.db
          .select({ n: count() })
          .from(providersTable)
          .where(gte(providersTable.lastPolledAt, since))
        reached = row?.n ?? 0
      }
      if (reached < providers) throw new Error(`${providers - reached} providers never polled in 10 rounds`)
      const reachAllMs = rounds.reduce((sum, r) => sum + r.durationMs, 0)
      return { reachAllMs, ratio: ratio(reachAllMs), rounds }
    }

    const before = memory()
    const loadBefore = loadavg()
    // The process's first poll: nothing compiled yet (here or in the simulated fleet), and an empty
    // signature cache. Then a new poller, so an empty cache again (every offer's two signatures are
    // checked) in a warm process, the case a restarted poller or a fleet of new offers meets.
    const freshProcess = await reachAll('fresh process')
    await poller.close()
    poller = newPoller()
    const cold = await reachAll('cold cache')
    const steady: Reach[] = []
    for (let i = 0; i < Number(args.steady); i++) steady.push(await reachAll('steady'))
    clearInterval(sampler)
    const after = memory()
    const slowest = steady.reduce((a, b) => (b.reachAllMs > a.reachAllMs ? b : a))
    const rounds = [freshProcess, cold, ...steady].flatMap((r) => r.rounds)
    const result = {
      providers,
      timeoutMs,
      reachAllMs: {
        coldCache: cold.reachAllMs,
        steady: slowest.reachAllMs,
        freshProcess: freshProcess.reachAllMs,
      },
      ratio: { coldCache: cold.ratio, steady: slowest.ratio, freshProcess: freshProcess.ratio },
      polledDeferred: rounds.map(
        (r) => `${r.phase}: ${r.polled} polled (${r.ok} ok) / ${r.deferred} deferred in ${r.durationMs} ms`,
      ),
      memory: { before, after, peakRssMiB: mib(peakRss) },
      // The machine's 1-minute load average around the run: above its cores, others share them.
      cores: availableParallelism(),
      loadAverage: {
        before: Math.round((loadBefore[0] ?? 0) * 100) / 100,
        after: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      },
      steadyReachAllMs: steady.map((r) => r.reachAllMs),
      store: store.kind,
      concurrency: args.concurrency ? Number(args.concurrency) : 'default',
      offersPerProvider: Number(args.offers),
      rounds: rounds.map(({ dropped, ...round }) => ({ ...round, dropped: dropped.length })),
    }
    console.log(JSON.stringify(result, null, 2))
    const dir = path.resolve(import.meta.dirname, 'results')
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, 'aggregator-poll.json'), `${JSON.stringify(result, null, 2)}\n`)
    await poller.close()
  } finally {
    await store.close()
    child.stdin?.end()
    child.kill()
  }
}

if (args.serve) await serveFleet()
else await measure()
