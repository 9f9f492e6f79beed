import { describe, expect, it } from 'vitest'
import type { RentalReceipt } from '@/lib/market/rental-view'
import { describeReceipt } from './receipt-lines'

const base = { txHash: `0x${'a'.repeat(64)}`, blockNumber: '10', logIndex: 0, at: null, credited: false }

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

  it('says why a provider declined and that the deposit came back', () => {
    const declined: RentalReceipt = { ...base, name: 'Declined', reason: 3, refund: '2390000' }
    expect(describeReceipt(declined, 'renter')).toEqual({
      title: 'Declined by the provider',
      detail: 'The GPUs of this offer were already taken by another rental. 2.39 USDC refunded to you.',
    })
  })

  it('splits an early finish between the provider’s pay and the renter’s refund', () => {
    const finished: RentalReceipt = {
      ...base,
      name: 'Finished',
      elapsed: 90,
      accrued: '59750',
      refund: '2330250',
    }
    expect(describeReceipt(finished, 'renter').detail).toBe(
      'The job ended: 0.05975 USDC for 1 min 30 s of use goes to the provider; 2.33025 USDC refunded to you.',
    )
  })

  it('names who settled a no-show and the compensation', () => {
    const noShow: RentalReceipt = {
      ...base,
      name: 'NoShowSettled',
      settledBy: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
      refund: '2390000',
      compensation: '2390000',
    }
    expect(describeReceipt(noShow, 'provider').detail).toBe(
      'Not started within the start window; settled by 0x90F7…b906. 2.39 USDC refunded to the renter, plus 2.39 USDC from the provider’s stake.',
    )
  })

  it('says when the token refused a payout and it was credited to the payee instead', () => {
    const refund: RentalReceipt = {
      ...base,
      name: 'Cancelled',
      refund: '100',
      compensation: '0',
      credited: true,
    }
    expect(describeReceipt(refund, 'renter').detail).toContain('credited to you to withdraw')
    const pay: RentalReceipt = { ...base, name: 'Claimed', amount: '100', paidSeconds: 60, credited: true }
    expect(describeReceipt(pay, 'renter').detail).toContain('credited to the provider to withdraw')
    expect(describeReceipt({ ...pay, credited: false }, 'provider').detail).not.toContain('credited')
  })
})
