import { describe, expect, it } from 'vitest'
import { type EventPosition, type MarketEvent, toStoredEvent } from '@/lib/indexer/events'
import { toReceipt } from './rental-receipts'

const position = (blockNumber: bigint, blockTimestamp: number): EventPosition => ({
  blockNumber,
  logIndex: 3,
  blockHash: `0x${'b'.repeat(64)}`,
  txHash: `0x${'a'.repeat(63)}${blockNumber}`,
  blockTimestamp,
})

// Receipts are read back from what the indexer stores, so build them the way the indexer does.
const receiptOf = (event: MarketEvent) => toReceipt(toStoredEvent(event))

describe('rental receipts', () => {
  it('turns a stop into the refund and the accrued pay, with its transaction and block time', () => {
    const receipt = receiptOf({
      ...position(42n, 1_800_000_000),
      name: 'Stopped',
      args: { id: 7n, elapsed: 600, accrued: 366_666n, refund: 1_833_334n },
    })
    expect(receipt).toEqual({
      name: 'Stopped',
      txHash: `0x${'a'.repeat(63)}42`,
      blockNumber: '42',
      logIndex: 3,
      at: '2027-01-15T08:00:00.000Z',
      elapsed: 600,
      accrued: '366666',
      refund: '1833334',
    })
  })

  it('keeps amounts past 2^53 exact', () => {
    const huge = 2n ** 200n + 1n
    const receipt = receiptOf({
      ...position(5n, 1_800_000_000),
      name: 'Extended',
      args: { id: 7n, extraSeconds: 3600, duration: 7200, amount: huge },
    })
    expect(receipt).toMatchObject({
      name: 'Extended',
      amount: huge.toString(),
      extraSeconds: 3600,
      duration: 7200,
    })
  })

  it('gives the start and end of a started rental as times', () => {
    const receipt = receiptOf({
      ...position(9n, 1_800_000_010),
      name: 'Started',
      args: { id: 7n, startedAt: 1_800_000_010, endsAt: 1_800_003_610 },
    })
    expect(receipt).toMatchObject({
      name: 'Started',
      startedAt: '2027-01-15T08:00:10.000Z',
      endsAt: '2027-01-15T09:00:10.000Z',
    })
  })

  it('leaves out events that are not a rental’s own transactions', () => {
    const receipt = receiptOf({
      ...position(3n, 1_800_000_000),
      name: 'OfferCancelled',
      args: { provider: `0x${'1'.repeat(40)}`, offerId: `0x${'2'.repeat(64)}`, id: 7n },
    })
    expect(receipt).toBeUndefined()
  })
})
