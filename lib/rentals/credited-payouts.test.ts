import { describe, expect, it } from 'vitest'
import type { CreditList, RentalReceipt } from '@/lib/market/rental-view'
import { creditedPayouts, creditIn } from './credited-payouts'

const base = { blockNumber: '10', logIndex: 0, at: null, credited: true }
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const receipts: RentalReceipt[] = [
  { ...base, txHash: '0x01', name: 'Rented', deposit: '5000', duration: 3600 },
  { ...base, txHash: '0x02', name: 'Claimed', amount: '300', paidSeconds: 60 },
  { ...base, txHash: '0x03', name: 'Cancelled', refund: '5000', compensation: '700' },
  { ...base, txHash: '0x04', name: 'Declined', reason: 1, refund: '0' },
  { ...base, txHash: '0x05', name: 'Stopped', elapsed: 60, accrued: '300', refund: '4700', credited: false },
]

describe('credited payouts', () => {
  it('lists the viewer’s own credited payouts: refunds with compensation for the renter, pay for the provider', () => {
    expect(creditedPayouts(receipts, 'renter')).toEqual([{ kind: 'refund', amount: 5700n, txHash: '0x03' }])
    expect(creditedPayouts(receipts, 'provider')).toEqual([{ kind: 'pay', amount: 300n, txHash: '0x02' }])
    expect(creditedPayouts(null, 'renter')).toEqual([])
  })

  it('reads the balance left in the rental’s token, whatever the address case', () => {
    const list: CreditList = {
      address: TOKEN,
      credits: [{ token: TOKEN.toLowerCase() as `0x${string}`, amount: '5700' }],
    }
    expect(creditIn(list, TOKEN)).toBe(5700n)
    expect(creditIn(list, '0x0000000000000000000000000000000000000001')).toBe(0n)
    expect(creditIn(undefined, TOKEN)).toBe(0n)
  })
})
