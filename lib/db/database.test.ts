import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStore, STORE_KINDS } from '@/test-support/db/test-stores'
import type { OpenDatabase } from './database'
import { providers, rentals } from './schema'

describe.each(STORE_KINDS)('store on %s', (kind) => {
  let store: OpenDatabase
  beforeAll(async () => {
    store = await openTestStore(kind)
  })
  afterAll(() => store?.close())

  it('applies the migrations and round-trips 256-bit amounts exactly', async () => {
    const huge = 2n ** 255n + 12_345n
    await store.db.insert(providers).values({
      address: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
      providerId: 1,
      endpoint: 'https://gpu.example.com',
      stake: huge,
      registeredAt: new Date('2026-11-24T00:00:00Z'),
      updatedBlock: 7n,
    })
    const [row] = await store.db.select().from(providers)
    expect(row?.stake).toBe(huge)
    expect(row?.updatedBlock).toBe(7n)
    expect(row?.dropped).toEqual([])
  })

  it('keys rentals by their uint256 id', async () => {
    const id = 2n ** 256n - 1n
    await store.db.insert(rentals).values({
      id,
      renter: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
      provider: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
      offerId: `0x${'ab'.repeat(32)}`,
      token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      pricePerHour: 2_390_000n,
      duration: 3600,
      deposit: 2_390_000n,
      jobSpecHash: `0x${'cd'.repeat(32)}`,
      sealedSpecBytes: 412,
      gpuModel: 'H100-SXM-80GB',
      gpuCount: 1,
      vramMiB: 81_559,
      status: 'pending',
      createdAt: new Date(),
      rentedTx: `0x${'01'.repeat(32)}`,
      rentedBlock: 10n,
      updatedBlock: 10n,
    })
    const [row] = await store.db.select().from(rentals).where(eq(rentals.id, id))
    expect(row?.id).toBe(id)
    expect(row?.paid).toBe(0n)
  })
})
