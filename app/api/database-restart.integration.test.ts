import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openTestStore, TEST_POSTGRES_URL } from '@/test-support/db/test-stores'
import { insertSampleOffers } from '@/test-support/market/sample-offers'
import { GET as offersRoute } from './offers/route'

let store: Awaited<ReturnType<typeof openTestStore>>
const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => undefined })

beforeAll(async () => {
  store = await openTestStore('postgres')
  await insertSampleOffers(store.db, 50, { now: new Date(Date.now() + 3_600_000) })
  Object.assign(process.env, {
    DATABASE_URL: store.url,
    MARKET_ADDRESS: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
    TOKEN_ADDRESS: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    WEFT_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'weft-restart-')),
  })
})
afterAll(async () => {
  await store?.close()
  await admin.end({ timeout: 5 })
})

describe('the market server when PostgreSQL restarts', () => {
  it('fails requests cleanly with 503 while connections are cut, then recovers by itself', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const query = (q: string) =>
      offersRoute(new Request(`http://localhost/api/offers?q=${encodeURIComponent(q)}`))
    expect((await query('gpus>=1')).status).toBe(200)

    // What a restart does to the server's connections: every backend of its database is terminated.
    const name = new URL(store.url ?? '').pathname.slice(1)
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`

    const during = await query('gpus>=2') // a new query: not served from the route's cache
    expect([200, 503]).toContain(during.status)
    if (during.status === 503) {
      expect(await during.json()).toEqual({
        error: { code: 'unavailable', message: 'The database is unavailable; try again shortly.' },
      })
    }
    const after = await query('gpus>=4')
    expect(after.status).toBe(200)
    expect(((await after.json()) as { total: number }).total).toBeGreaterThan(0)
    log.mockRestore()
  })
})
