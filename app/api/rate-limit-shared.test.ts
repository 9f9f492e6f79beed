import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { GET as nonceGET } from '@/app/api/auth/nonce/route'
import { type OpenDatabase, openDatabase } from '@/lib/db/database'
import { PEER_ADDRESS_HEADER } from '@/lib/server/peer-address'
import { APP_ORIGIN, rpcClient, testConfig } from '@/test-support/auth/auth-test-kit'
import { openTestStore } from '@/test-support/db/test-stores'

// Each call reads the context of the instance that `serving` names, as two app processes would.
const current = vi.hoisted(() => ({ contexts: [] as unknown[], serving: 0 }))
vi.mock('@/lib/server/server-context', () => ({
  getServerContext: async () => current.contexts[current.serving],
}))

let first: OpenDatabase
let second: OpenDatabase
beforeAll(async () => {
  first = await openTestStore('postgres')
  // A second connection pool on the same database: another app instance.
  second = await openDatabase({ url: first.url, maxConnections: 5 })
  const config = testConfig({ rateLimits: { 'sign-in.ip': { points: 7, seconds: 60 } } })
  const chain = rpcClient('http://127.0.0.1:1')
  current.contexts = [first, second].map((store) => ({ config, store, chain }))
}, 60_000)
afterAll(async () => {
  await second?.close()
  await first?.close()
})

/** A nonce request from `peer`, served by instance `instance`. */
async function ask(instance: number, peer: string): Promise<number> {
  current.serving = instance
  const request = new Request(`${APP_ORIGIN}/api/auth/nonce`, { headers: { [PEER_ADDRESS_HEADER]: peer } })
  return (await nonceGET(request)).status
}

it('holds one limit across two app instances on one PostgreSQL database, also under concurrent requests', async () => {
  // Alternating instances: each has served at most 4, and the shared count still stops the 8th.
  const sequential = []
  for (let i = 0; i < 8; i++) sequential.push(await ask(i % 2, '203.0.113.7'))
  expect(sequential).toEqual([200, 200, 200, 200, 200, 200, 200, 429])

  // 20 at once over both pools: the atomic upsert lets exactly 7 through.
  const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i % 2, '198.51.100.9')))
  expect(burst.filter((status) => status === 200)).toHaveLength(7)
  expect(burst.filter((status) => status === 429)).toHaveLength(13)
})
