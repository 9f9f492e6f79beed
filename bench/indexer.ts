/**
 * Indexer write throughput: 10,000 synthesised, decoded rental events (2,500 rentals, each Rented →
 * Started → Claimed → Stopped) fed to the indexer's chunk-apply function (`applyChunk`, one
 * transaction per chunk: insert events, project rentals, move the cursor), timed end to end. No RPC
 * is involved: this measures the database side. Target ≥ 2,000 events/s; never gates.
 *
 *   npx tsx bench/indexer.ts [--store postgres|pglite] [--events N] [--chunk-events N]
 *
 * PostgreSQL: a scratch database on the server of DATABASE_URL (else the test server,
 * postgres://root@127.0.0.1:5432), dropped afterwards. Prints one JSON object.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { type Hex, keccak256, toHex } from 'viem'
import { cost } from '../lib/chain/pricing'
import { type OpenDatabase, openDatabase } from '../lib/db/database'
import type { MarketEvent } from '../lib/indexer/events'
import { applyChunk, type Cursor } from '../lib/indexer/store'
import { TEST_POSTGRES_URL } from '../test-support/db/test-stores'

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'postgres' },
    events: { type: 'string', default: '10000' },
    'chunk-events': { type: 'string', default: '1000' },
  },
})
const total = Number(values.events)
const chunkEvents = Number(values['chunk-events'])
const EVENTS_PER_BLOCK = 10

async function openStore(kind: string): Promise<OpenDatabase> {
  if (kind === 'pglite') return openDatabase({})
  if (kind !== 'postgres') throw new Error(`--store must be postgres or pglite, not ${kind}`)
  const server = process.env.DATABASE_URL ?? TEST_POSTGRES_URL
  const name = `weft_bench_${randomBytes(6).toString('hex')}`
  const admin = postgres(server, { max: 1, onnotice: () => undefined })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(server)
  url.pathname = `/${name}`
  const store = await openDatabase({ url: url.toString(), maxConnections: 2 })
  return {
    ...store,
    async close() {
      await store.close()
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end({ timeout: 5 })
    },
  }
}

/** `total` events in chain order: every rental's Rented, then Started, Claimed and Stopped phases. */
function synthesise(): MarketEvent[] {
  const rentalsCount = Math.ceil(total / 4)
  const price = 2_390_000n
  const base = 1_800_000_000
  const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Hex
  const events: MarketEvent[] = []
  const push = (name: MarketEvent['name'], args: MarketEvent['args']) => {
    const n = events.length
    const block = 1_000n + BigInt(Math.floor(n / EVENTS_PER_BLOCK))
    events.push({
      name,
      args,
      blockNumber: block,
      logIndex: n % EVENTS_PER_BLOCK,
      blockHash: keccak256(toHex(`block-${block}`)),
      txHash: keccak256(toHex(`tx-${n}`)),
      blockTimestamp: base + Number(block) * 2,
    } as MarketEvent)
  }
  const id = (i: number) => BigInt(keccak256(toHex(`rental-${i}`)))
  const phases: ((i: number) => void)[] = [
    (i) =>
      push('Rented', {
        id: id(i),
        renter: addr(1 + (i % 50)),
        provider: addr(100 + (i % 7)),
        offerId: keccak256(toHex(`offer-${i}`)),
        token: addr(999),
        pricePerHour: price,
        duration: 3600,
        jobSpecHash: keccak256(toHex(`job-${i}`)),
        sealedSpecBytes: 600,
        gpuModel: 'H100 SXM 80GB',
        gpuCount: 1 + (i % 8),
        vramMiB: 81_559,
      }),
    (i) => push('Started', { id: id(i), startedAt: base + 5_000, endsAt: base + 8_600 }),
    (i) => push('Claimed', { id: id(i), amount: cost(price, 600), paidSeconds: 600 }),
    (i) =>
      push('Stopped', {
        id: id(i),
        elapsed: 900,
        accrued: cost(price, 900),
        refund: cost(price, 3600) - cost(price, 900),
      }),
  ]
  for (const phase of phases) for (let i = 0; i < rentalsCount && events.length < total; i++) phase(i)
  return events
}

const events = synthesise()
const store = await openStore(values.store ?? 'postgres')
try {
  let expected: Cursor | null = null
  let applied = 0
  const started = performance.now()
  for (let from = 0; from < events.length; from += chunkEvents) {
    const chunk = events.slice(from, from + chunkEvents)
    const last = chunk[chunk.length - 1] as MarketEvent
    const cursor: Cursor = { blockNumber: last.blockNumber, blockHash: last.blockHash }
    applied += await applyChunk(store.db, { events: chunk, cursor, expected })
    expected = cursor
  }
  const seconds = (performance.now() - started) / 1000
  if (applied !== events.length) throw new Error(`applied ${applied} of ${events.length} events`)
  console.log(
    JSON.stringify({
      events: applied,
      seconds: Number(seconds.toFixed(3)),
      eventsPerSecond: Math.round(applied / seconds),
      store: store.kind,
      chunks: Math.ceil(events.length / chunkEvents),
      chunkEvents,
      source: 'synthesised decoded events → applyChunk (no RPC)',
      target: 2000,
    }),
  )
} finally {
  await store.close()
}
