import { describe, expect, it } from 'vitest'
import type { RentalReceipt } from '@/lib/market/rental-view'
import { describeReceipt } from './receipt-lines'

const base = { txHash: `0x${'a'.repeat(64)}`, blockNumber: '10', logIndex: 0, at: null }

describe('receipt lines', () => {
  it('says what a stop refunded and what the provider keeps, from each side', () => {
    const stop: RentalReceipt = {
      ...base,
      name: 'Stopped',
      elapsed: 600,
      accrued: '398333',
      refund: '1991667',
    }
    expect(describeReceipt(stop, 'renter').detail).toBe(
      '1.991667 USDC refunded to you; 0.398333 USDC for 10 min of use goes to the provider.',
    )
    expect(describeReceipt(stop, 'provider').detail).toContain('refunded to the renter')
  })

  it('names the deposit and any extension paid', () => {
    expect(
      describeReceipt({ ...base, name: 'Rented', deposit: '2390000', duration: 3600 }, 'renter').detail,
    ).toBe('2.39 USDC deposit paid into escrow for 1 h.')
    const extended: RentalReceipt = {
      ...base,
      name: 'Extended',
      extraSeconds: 1800,
      duration: 5400,
      amount: '1195000',
    }
    expect(describeReceipt(extended, 'renter').detail).toBe(
      '1.195 USDC paid for 30 min more (1 h 30 min in all).',
    )
  })

  it('mentions compensation only when the provider’s stake paid some', () => {
    const plain: RentalReceipt = { ...base, name: 'Cancelled', refund: '2390000', compensation: '0' }
    expect(describeReceipt(plain, 'renter').detail).toBe('2.39 USDC refunded to you.')
    const late: RentalReceipt = { ...plain, compensation: '500000' }
    expect(describeReceipt(late, 'renter').detail).toContain('plus 0.50 USDC from the provider’s stake')
  })
})
