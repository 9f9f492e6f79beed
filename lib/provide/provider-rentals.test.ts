import { describe, expect, it } from 'vitest'
import {
  type ChainAccrual,
  needsChainRead,
  type ServedRental,
  servedRentalsSchema,
  summarizeEarnings,
} from './provider-rentals'

const apiRental = (overrides: Record<string, unknown> = {}) => ({
  id: '101',
  renter: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  provider: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  offerId: '0x01',
  token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  gpuModel: 'H100-SXM-80GB',
  gpuCount: 1,
  vramMiB: 81_559,
  status: 'running',
  pricePerHour: '2390000',
  duration: 3600,
  maxDuration: 7200,
  deposit: '2390000',
  accrued: '1195000',
  paid: '0',
  refunded: '0',
  compensation: '0',
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: '2026-01-01T00:00:10.000Z',
  endsAt: '2026-01-01T01:00:10.000Z',
  secondsLeft: 1800,
  jobSpecHash: '0x00',
  rentedTx: '0x00',
  role: 'provider',
  ...overrides,
})

const served = (overrides: Record<string, unknown> = {}): ServedRental => {
  const [rental] = servedRentalsSchema.parse({
    address: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
    rentals: [apiRental(overrides)],
  })
  if (!rental) throw new Error('fixture is not a provider rental')
  return rental
}

describe('servedRentalsSchema', () => {
  it('keeps the rentals served as provider, with amounts as exact integers', () => {
    const rentals = servedRentalsSchema.parse({
      address: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
      rentals: [
        apiRental(),
        apiRental({ id: '102', role: 'renter' }),
        apiRental({ id: '103', deposit: '123456789012345678901' }),
      ],
    })
    expect(rentals.map((r) => r.id)).toEqual(['101', '103'])
    expect(rentals[1]?.deposit).toBe(123_456_789_012_345_678_901n)
  })

  it('refuses a body that is not a rentals list', () => {
    expect(() => servedRentalsSchema.parse({ error: { code: 'unauthorized' } })).toThrow()
    expect(() => servedRentalsSchema.parse({ address: 'x', rentals: [apiRental({ paid: '-1' })] })).toThrow()
  })
})

describe('needsChainRead', () => {
  it('skips cancelled rentals and settled stopped or ended ones', () => {
    expect(needsChainRead(served({ status: 'cancelled' }))).toBe(false)
    expect(needsChainRead(served({ status: 'stopped', accrued: '500', paid: '500' }))).toBe(false)
    expect(needsChainRead(served({ status: 'ended', accrued: '2390000', paid: '2390000' }))).toBe(false)
  })

  it('reads pending, running and anything not yet paid in full', () => {
    expect(needsChainRead(served({ status: 'pending', accrued: '0' }))).toBe(true)
    expect(needsChainRead(served({ status: 'running' }))).toBe(true)
    expect(needsChainRead(served({ status: 'stopped', accrued: '500', paid: '200' }))).toBe(true)
    expect(needsChainRead(served({ status: 'ended', accrued: '2390000', paid: '0' }))).toBe(true)
  })
})

describe('summarizeEarnings', () => {
  const chain: Record<string, ChainAccrual> = {
    '1': { total: 1_000_001n, claimable: 400_001n },
    '2': { total: 7n, claimable: 0n },
    '4': { total: 2_500_000n, claimable: 2_500_000n },
  }

  it('sums the chain’s figures to the unit and names the rentals with something to claim', () => {
    const rentals = [
      served({ id: '1' }),
      served({ id: '2', status: 'stopped', accrued: '7', paid: '0' }),
      served({ id: '3', status: 'ended', accrued: '900', paid: '900' }),
      served({ id: '4', status: 'stopped', accrued: '2500000', paid: '0' }),
      served({ id: '5', status: 'cancelled', paid: '0', accrued: '0' }),
    ]
    const earnings = summarizeEarnings(rentals, (id) => chain[id])
    expect(earnings.totalClaimable).toBe(2_900_001n)
    expect(earnings.totalEarned).toBe(1_000_001n + 7n + 900n + 2_500_000n)
    expect(earnings.claimableIds).toEqual([1n, 4n])
    expect(earnings.complete).toBe(true)
    expect(earnings.rows.map((row) => row.claimable)).toEqual([400_001n, 0n, 0n, 2_500_000n, 0n])
  })

  it('marks the totals incomplete while a read is missing or failed', () => {
    const earnings = summarizeEarnings(
      [served({ id: '1' }), served({ id: '9' }), served({ id: '8' })],
      (id) => (id === '8' ? { error: 'execution reverted' } : chain[id]),
    )
    expect(earnings.complete).toBe(false)
    expect(earnings.totalClaimable).toBe(400_001n)
    expect(earnings.rows[1]).toMatchObject({ claimable: undefined, readError: undefined })
    expect(earnings.rows[2]).toMatchObject({ claimable: undefined, readError: 'execution reverted' })
    expect(earnings.claimableIds).toEqual([1n])
  })
})
