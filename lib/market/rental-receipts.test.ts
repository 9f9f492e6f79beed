import { describe, expect, it } from 'vitest'
import { type EventPosition, type MarketEvent, toStoredEvent } from '@/lib/indexer/events'
import { creditedPayouts, toReceipt } from './rental-receipts'

const position = (blockNumber: bigint, blockTimestamp: number): EventPosition => ({
  blockNumber,
  logIndex: 3,
  blockHash: `0x${'b'.repeat(64)}`,
  txHash: `0x${'a'.repeat(63)}${blockNumber}`,
  blockTimestamp,
})

const RENTER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const PROVIDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

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
      credited: false,
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

  it('gives the deposit of a rent as the price of its duration, the contract’s floor', () => {
    const receipt = receiptOf({
      ...position(2n, 1_800_000_000),
      name: 'Rented',
      args: {
        id: 7n,
        renter: RENTER,
        provider: PROVIDER,
        offerId: `0x${'2'.repeat(64)}`,
        token: TOKEN,
        pricePerHour: 2_390_000n,
        duration: 1801,
        gpuModel: 'H100 SXM 80GB',
        gpuCount: 1,
        vramMiB: 81_559,
        jobSpecHash: `0x${'3'.repeat(64)}`,
        sealedSpecBytes: 300,
      },
    })
    // 2.39 USDC/h × 1801 s / 3600 s = 1.195663…, floored to the unit
    expect(receipt).toMatchObject({ name: 'Rented', deposit: '1195663', duration: 1801 })
  })

  it('reads declines, early finishes and settled no-shows with their amounts', () => {
    expect(
      receiptOf({ ...position(4n, 1), name: 'Declined', args: { id: 7n, reason: 3, refund: 500n } }),
    ).toMatchObject({ name: 'Declined', reason: 3, refund: '500' })
    expect(
      receiptOf({
        ...position(5n, 1),
        name: 'Finished',
        args: { id: 7n, elapsed: 90, accrued: 60n, refund: 440n },
      }),
    ).toMatchObject({ name: 'Finished', elapsed: 90, accrued: '60', refund: '440' })
    expect(
      receiptOf({
        ...position(6n, 1),
        name: 'NoShowSettled',
        args: { id: 7n, settledBy: PROVIDER, refund: 500n, compensation: 20n },
      }),
    ).toMatchObject({ name: 'NoShowSettled', settledBy: PROVIDER, refund: '500', compensation: '20' })
  })

  it('marks a payout credited only for a Credited event to its payee, in its token, in its transaction', () => {
    const rent = toStoredEvent({
      ...position(2n, 1),
      name: 'Rented',
      args: {
        id: 7n,
        renter: RENTER,
        provider: PROVIDER,
        offerId: `0x${'2'.repeat(64)}`,
        token: TOKEN,
        pricePerHour: 3600n,
        duration: 3600,
        gpuModel: 'H100',
        gpuCount: 1,
        vramMiB: 1,
        jobSpecHash: `0x${'3'.repeat(64)}`,
        sealedSpecBytes: 300,
      },
    })
    const claim = toStoredEvent({
      ...position(3n, 1),
      name: 'Claimed',
      args: { id: 7n, amount: 100n, paidSeconds: 100 },
    })
    const stop = toStoredEvent({
      ...position(4n, 1),
      name: 'Stopped',
      args: { id: 7n, elapsed: 100, accrued: 100n, refund: 3500n },
    })
    const credit = (tx: string, account: string, token = TOKEN) => ({ txHash: tx, account, token })
    const rows = [rent, claim, stop]
    // The renter's refund in the stop's transaction; the provider's pay in the claim's.
    expect(creditedPayouts(rows, [credit(stop.txHash, RENTER.toLowerCase())])).toEqual([false, false, true])
    expect(creditedPayouts(rows, [credit(claim.txHash, PROVIDER)])).toEqual([false, true, false])
    // Someone else credited in the same transaction, another token, or another transaction: not this payout.
    expect(creditedPayouts(rows, [credit(stop.txHash, PROVIDER)])).toEqual([false, false, false])
    expect(creditedPayouts(rows, [credit(stop.txHash, RENTER, PROVIDER)])).toEqual([false, false, false])
    expect(creditedPayouts(rows, [credit(claim.txHash, RENTER)])).toEqual([false, false, false])
    expect(toReceipt(stop, true)).toMatchObject({ name: 'Stopped', credited: true })
  })
})
