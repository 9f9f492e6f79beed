import { sql } from 'drizzle-orm'
import { type Hex, keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { GET as creditsGET } from '@/app/api/credits/route'
import { GET as rentalGET } from '@/app/api/rentals/[id]/route'
import { GET as rentalsGET } from '@/app/api/rentals/route'
import { createSession } from '@/lib/auth/sessions'
import { DeclineReason } from '@/lib/chain/rental-status'
import type { OpenDatabase } from '@/lib/db/database'
import type { MarketEvent } from '@/lib/indexer/events'
import { applyChunk } from '@/lib/indexer/store'
import { creditListSchema, rentalListSchema } from '@/lib/market/rental-view'
import { rentalDetailSchema } from '@/lib/rentals/rental-detail'
import { get, rpcClient, testConfig } from '@/test-support/auth/auth-test-kit'
import { openTestStore, STORE_KINDS } from '@/test-support/db/test-stores'

const current = vi.hoisted(() => ({ context: undefined as unknown }))
vi.mock('@/lib/server/server-context', () => ({ getServerContext: async () => current.context }))

const RENTER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const PROVIDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const STRANGER = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const PRICE = 3_600_000n // 3.6 USDC an hour: 1,000 units a second

/** Indexed history: a rental declined, one finished early, one settled as a no-show, refunds credited. */
function history(): MarketEvent[] {
  let n = 0
  const event = (name: MarketEvent['name'], args: Record<string, unknown>, tx?: Hex) => {
    n += 1
    return {
      name,
      args,
      blockNumber: BigInt(10 + n),
      logIndex: 0,
      blockHash: keccak256(toHex(`block-${n}`)),
      txHash: tx ?? keccak256(toHex(`tx-${n}`)),
      blockTimestamp: 1_800_000_000 + n * 60,
    } as MarketEvent
  }
  const rented = (id: bigint) =>
    event('Rented', {
      id,
      renter: RENTER,
      provider: PROVIDER,
      offerId: keccak256(toHex(`offer-${id}`)),
      token: TOKEN,
      pricePerHour: PRICE,
      duration: 3600,
      gpuModel: 'H100 SXM 80GB',
      gpuCount: 1,
      vramMiB: 81_559,
      jobSpecHash: keccak256(toHex(`spec-${id}`)),
      sealedSpecBytes: 420,
    })
  const declineTx = keccak256(toHex('decline'))
  const events = [rented(1n), rented(2n), rented(3n)]
  events.push(event('Declined', { id: 1n, reason: DeclineReason.GpusBusy, refund: 3_600_000n }, declineTx))
  // Credited in the decline's transaction: the token refused the renter's refund.
  const credited = event('Credited', { account: RENTER, token: TOKEN, amount: 3_600_000n }, declineTx)
  events.push({ ...credited, blockNumber: events[3]?.blockNumber ?? 0n, logIndex: 1 } as MarketEvent)
  const start = 1_800_000_500
  events.push(event('Started', { id: 2n, startedAt: start, endsAt: start + 3600 }))
  events.push(event('Finished', { id: 2n, elapsed: 90, accrued: 90_000n, refund: 3_510_000n }))
  events.push(
    event('NoShowSettled', { id: 3n, settledBy: STRANGER, refund: 3_600_000n, compensation: 1_000_000n }),
  )
  events.push(event('Credited', { account: PROVIDER, token: TOKEN, amount: 500n }))
  events.push(event('Withdrawn', { account: PROVIDER, token: TOKEN, amount: 500n }))
  return events
}

describe.each(STORE_KINDS)('rental outcomes through the market API, on %s', (kind) => {
  let store: OpenDatabase
  const cookie = async (address: `0x${string}`) => {
    const { token } = await createSession({ config: testConfig(), store }, { address, chainId: 31337 })
    return `weft_session=${token}`
  }
  beforeAll(async () => {
    store = await openTestStore(kind)
    await store.db.execute(sql`TRUNCATE rentals, market_events, chain_cursors, credits`)
    const events = history()
    const last = events[events.length - 1] as MarketEvent
    await applyChunk(store.db, {
      events,
      cursor: { blockNumber: last.blockNumber, blockHash: last.blockHash },
      expected: null,
    })
    // Nothing to reach: the chain and the agent are down, so the index answers alone.
    current.context = { config: testConfig(), store, chain: rpcClient('http://127.0.0.1:1') }
  }, 60_000)
  afterAll(() => store?.close())

  it('lists declined, finished and no-show rentals with their reasons and amounts', async () => {
    const response = await rentalsGET(get('/api/rentals', await cookie(RENTER)))
    expect(response.status).toBe(200)
    const { rentals } = rentalListSchema.parse(await response.json())
    const byId = Object.fromEntries(rentals.map((r) => [r.id, r]))
    expect(byId['1']).toMatchObject({
      status: 'declined',
      declineReason: 3,
      refunded: '3600000',
      accrued: '0',
    })
    expect(byId['2']).toMatchObject({
      status: 'finished',
      duration: 90,
      deposit: '90000',
      accrued: '90000',
      refunded: '3510000',
    })
    expect(byId['3']).toMatchObject({
      status: 'no-show',
      settledBy: STRANGER,
      refunded: '3600000',
      compensation: '1000000',
    })
    expect(byId['1']?.closedAt).not.toBeNull()
    expect(byId['1']?.sealedSpecBytes).toBe(420)
  })

  it('gives each signed-in account its own credits, less what it withdrew', async () => {
    const renter = await creditsGET(get('/api/credits', await cookie(RENTER)))
    expect(creditListSchema.parse(await renter.json())).toEqual({
      address: RENTER,
      credits: [{ token: TOKEN, amount: '3600000' }],
    })
    const provider = await creditsGET(get('/api/credits', await cookie(PROVIDER)))
    expect(creditListSchema.parse(await provider.json()).credits).toEqual([])
    expect((await creditsGET(get('/api/credits'))).status).toBe(401)
  })

  it('marks the declined rental’s refund as credited in its receipts', async () => {
    const response = await rentalGET(get('/api/rentals/1', await cookie(RENTER)), {
      params: Promise.resolve({ id: '1' }),
    })
    expect(response.status).toBe(200)
    const detail = rentalDetailSchema.parse(await response.json())
    expect(detail.chain).toBeNull()
    expect(detail.receipts?.map((r) => [r.name, r.credited])).toEqual([
      ['Rented', false],
      ['Declined', true],
    ])
    expect(detail.receipts?.[0]).toMatchObject({ name: 'Rented', deposit: '3600000' })
    const finished = await rentalGET(get('/api/rentals/2', await cookie(RENTER)), {
      params: Promise.resolve({ id: '2' }),
    })
    const receipts = rentalDetailSchema.parse(await finished.json()).receipts
    expect(receipts?.map((r) => [r.name, r.credited])).toEqual([
      ['Rented', false],
      ['Started', false],
      ['Finished', false],
    ])
  })
})
