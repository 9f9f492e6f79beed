import { describe, expect, it } from 'vitest'
import {
  type ChainAccrual,
  chainReadFor,
  type ServedRental,
  servedRentalsSchema,
  staleNoShows,
  summarizeEarnings,
} from './provider-rentals'

const offer = (id: string) => `0x${id.padStart(64, '0')}`

const apiRental = (overrides: Record<string, unknown> = {}) => ({
  id: '101',
  renter: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  provider: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  offerId: offer('101'),
  token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  gpuModel: 'H100-SXM-80GB',
  gpuCount: 1,
  vramMiB: 81_559,
  status: 'running',
  pricePerHour: '2390000',
  duration: 3600,
  deposit: '2390000',
  accrued: '1195000',
  paid: '0',
  refunded: '0',
  compensation: '0',
  declineReason: null,
  settledBy: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: '2026-01-01T00:00:10.000Z',
  endsAt: '2026-01-01T01:00:10.000Z',
  closedAt: null,
  secondsLeft: 1800,
  jobSpecHash: '0x00',
  sealedSpecBytes: 412,
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
    const provider = '0x976EA74026E726554dB657fA54763abd0C3a0aa9'
    expect(() =>
      servedRentalsSchema.parse({ address: provider, rentals: [apiRental({ offerId: '0x01' })] }),
    ).toThrow()
  })
})

describe('chainReadFor', () => {
  it('skips no-shows, late cancels and settled stopped, finished or ended rentals', () => {
    expect(chainReadFor(served({ status: 'no-show', compensation: '10' }))).toBeNull()
    expect(chainReadFor(served({ status: 'cancelled', compensation: '10' }))).toBeNull()
    expect(chainReadFor(served({ status: 'stopped', accrued: '500', paid: '500' }))).toBeNull()
    expect(chainReadFor(served({ status: 'finished', accrued: '500', paid: '500' }))).toBeNull()
    expect(chainReadFor(served({ status: 'ended', accrued: '2390000', paid: '2390000' }))).toBeNull()
  })

  it('asks whether declined and early-cancelled rentals still hold the stake', () => {
    expect(chainReadFor(served({ status: 'declined', accrued: '0' }))).toBe('settled')
    expect(chainReadFor(served({ status: 'cancelled', accrued: '0' }))).toBe('settled')
  })

  it('reads the accrual of pending, running and anything not yet paid in full', () => {
    expect(chainReadFor(served({ status: 'pending', accrued: '0' }))).toBe('accrued')
    expect(chainReadFor(served({ status: 'running' }))).toBe('accrued')
    expect(chainReadFor(served({ status: 'stopped', accrued: '500', paid: '200' }))).toBe('accrued')
    expect(chainReadFor(served({ status: 'finished', accrued: '500', paid: '0' }))).toBe('accrued')
    expect(chainReadFor(served({ status: 'ended', accrued: '2390000', paid: '0' }))).toBe('accrued')
  })
})

describe('summarizeEarnings', () => {
  const chain: Record<string, ChainAccrual> = {
    '1': { total: 1_000_001n, claimable: 400_001n },
    '2': { total: 7n, claimable: 0n },
    '4': { total: 2_500_000n, claimable: 2_500_000n },
  }

  it('sums the chain’s figures to the unit and names the rentals to claim by offer id', () => {
    const rentals = [
      served({ id: '1', offerId: offer('a1') }),
      served({ id: '2', offerId: offer('a2'), status: 'stopped', accrued: '7', paid: '0' }),
      served({ id: '3', offerId: offer('a3'), status: 'ended', accrued: '900', paid: '900' }),
      served({ id: '4', offerId: offer('a4'), status: 'finished', accrued: '2500000', paid: '0' }),
      served({ id: '5', offerId: offer('a5'), status: 'cancelled', paid: '0', accrued: '0' }),
      served({ id: '6', offerId: offer('a6'), status: 'no-show', compensation: '5', accrued: '0' }),
    ]
    const earnings = summarizeEarnings(rentals, (id) => (id === '5' ? { settled: true } : chain[id]))
    expect(earnings.totalClaimable).toBe(2_900_001n)
    expect(earnings.totalEarned).toBe(1_000_001n + 7n + 900n + 2_500_000n)
    expect(earnings.claimOfferIds).toEqual([offer('a1'), offer('a4')])
    expect(earnings).toMatchObject({ complete: true, releasable: 0 })
    expect(earnings.rows.map((row) => row.claimable)).toEqual([400_001n, 0n, 0n, 2_500_000n, 0n, 0n])
  })

  it('names declined and cancelled rentals that still hold the stake, so the claim releases them', () => {
    const rentals = [
      served({ id: '1', offerId: offer('b1') }),
      served({ id: '7', offerId: offer('b7'), status: 'declined', accrued: '0', declineReason: 3 }),
      served({ id: '8', offerId: offer('b8'), status: 'cancelled', accrued: '0' }),
    ]
    const answers: Record<string, ChainAccrual> = {
      '1': { total: 10n, claimable: 0n },
      '7': { settled: false },
      '8': { settled: true },
    }
    const earnings = summarizeEarnings(rentals, (id) => answers[id])
    expect(earnings.claimOfferIds).toEqual([offer('b7')])
    expect(earnings.releasable).toBe(1)
    expect(earnings.rows.map((row) => row.holdsStake)).toEqual([false, true, false])
    expect(earnings.totalEarned).toBe(10n)
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
    expect(earnings.claimOfferIds).toEqual([offer('101')])
  })
})

describe('staleNoShows', () => {
  it('picks pending rentals whose start window has closed, once the window is known', () => {
    const created = Date.parse('2026-01-01T00:00:00.000Z')
    const rentals = [
      served({ id: '1', status: 'pending', startedAt: null }),
      served({ id: '2', status: 'running' }),
      served({ id: '3', status: 'pending', createdAt: '2026-01-01T00:10:00.000Z', startedAt: null }),
    ]
    expect([...staleNoShows(rentals, 900, created + 901_000)]).toEqual(['1'])
    expect([...staleNoShows(rentals, 900, created + 900_000)]).toEqual([])
    expect([...staleNoShows(rentals, null, created + 99_000_000)]).toEqual([])
  })
})
