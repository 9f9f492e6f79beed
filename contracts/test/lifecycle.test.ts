import { describe, expect, it } from 'vitest'
import { cost } from '../../lib/chain/pricing'
import {
  accruedOf,
  baseTime,
  expectRevertWith,
  isolatedWorld,
  marketEvents,
  providerOf,
  rentAt,
  runningRental,
  Status,
  sendAt,
} from './fixtures'
import { HOUR, USDC } from './harness'

const w = isolatedWorld()
const PRICE = 7n * USDC + 13n // not a multiple of 3600, so rounding shows

describe('start', () => {
  it('starts at the last second of the window; accrual runs from then', async () => {
    const t = await baseTime(w)
    const { id } = await rentAt(w, t, await w.makeOffer({ pricePerHour: PRICE }), 600)
    const receipt = await sendAt(w, t + 900, w.provider, 'start', [id])
    expect(marketEvents(receipt, 'Started')[0]?.args).toEqual({ id, startedAt: t + 900, endsAt: t + 1500 })
    const view = await w.rental(id)
    expect([view.status, view.startedAt, view.endsAt, view.createdAt]).toEqual([
      Status.Running,
      t + 900,
      t + 1500,
      0,
    ])
    expect(await accruedOf(w, id)).toEqual({ total: 0n, claimable: 0n })
    await sendAt(w, t + 1000, w.provider, 'updateEndpoint', ['https://tick.example'])
    expect(await accruedOf(w, id)).toEqual({ total: cost(PRICE, 100), claimable: cost(PRICE, 100) })
  })

  it('reverts StartWindowPassed one second after the window, and for wrong callers or states', async () => {
    const t = await baseTime(w)
    const { id } = await rentAt(w, t, await w.makeOffer(), HOUR)
    await expectRevertWith(sendAt(w, t + 901, w.provider, 'start', [id]), 'StartWindowPassed', [
      id,
      BigInt(t + 900),
    ])
    await expectRevertWith(sendAt(w, t + 5, w.renter, 'start', [id]), 'NotProvider', [id])
    await expectRevertWith(sendAt(w, t + 5, w.stranger, 'start', [id]), 'NotProvider', [id])
    await expectRevertWith(sendAt(w, t + 5, w.provider, 'start', [42n]), 'UnknownRental', [42n])
    await sendAt(w, t + 5, w.provider, 'start', [id])
    await expectRevertWith(sendAt(w, t + 6, w.provider, 'start', [id]), 'WrongStatus', [id, Status.Running])
  })

  it('a registered provider cannot start another provider’s rental', async () => {
    await w.sendMarket(w.provider2, 'registerProvider', ['https://p2.example', 100n * USDC])
    const { id } = await w.rent(await w.makeOffer(), HOUR)
    await expectRevertWith(w.sendMarket(w.provider2, 'start', [id]), 'NotProvider', [id])
    await expectRevertWith(w.sendMarket(w.provider2, 'claim', [[id]]), 'NotProvider', [id])
  })
})

describe('claim', () => {
  it('pays exactly what accrued since the last claim, then settles at the end', async () => {
    const t = await baseTime(w)
    const { id, startedAt: s } = await runningRental(w, t, await w.makeOffer({ pricePerHour: PRICE }), 3000)
    const before = await w.balance(w.provider.address)
    const first = await sendAt(w, s + 1001, w.provider, 'claim', [[id]])
    expect(marketEvents(first, 'Claimed')[0]?.args).toEqual({
      id,
      amount: cost(PRICE, 1001),
      paidSeconds: 1001,
    })
    expect(await w.balance(w.provider.address)).toBe(before + cost(PRICE, 1001))
    expect(await accruedOf(w, id)).toEqual({ total: cost(PRICE, 1001), claimable: 0n })
    await sendAt(w, s + 2503, w.provider, 'claim', [[id]])
    expect(await w.balance(w.provider.address)).toBe(before + cost(PRICE, 2503))
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(1)

    const last = await sendAt(w, s + 9999, w.provider, 'claim', [[id]])
    expect(marketEvents(last, 'Claimed')[0]?.args).toEqual({
      id,
      amount: cost(PRICE, 3000) - cost(PRICE, 2503),
      paidSeconds: 3000,
    })
    expect(await w.balance(w.provider.address)).toBe(before + cost(PRICE, 3000))
    const view = await w.rental(id)
    expect([view.status, view.settled, view.paid, view.deposit]).toEqual([
      Status.Ended,
      true,
      view.deposit,
      cost(PRICE, 3000),
    ])
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
    const again = await sendAt(w, s + 10_000, w.provider, 'claim', [[id]])
    expect(marketEvents(again, 'Claimed')).toEqual([])
    expect(await w.balance(w.provider.address)).toBe(before + cost(PRICE, 3000))
  })

  it('pays nothing for a pending rental, and rejects others’ or unknown ids', async () => {
    const { id } = await w.rent(await w.makeOffer(), HOUR)
    const before = await w.balance(w.provider.address)
    const receipt = await w.sendMarket(w.provider, 'claim', [[id]])
    expect(marketEvents(receipt, 'Claimed')).toEqual([])
    expect(await w.balance(w.provider.address)).toBe(before)
    await expectRevertWith(w.sendMarket(w.renter, 'claim', [[id]]), 'NotProvider', [id])
    await expectRevertWith(w.sendMarket(w.stranger, 'claim', [[id]]), 'NotProvider', [id])
    await expectRevertWith(w.sendMarket(w.provider, 'claim', [[id, 77n]]), 'NotProvider', [77n])
  })
})

describe('stop', () => {
  it('refunds exactly the unused part; only the renter, only while running, only once', async () => {
    const t = await baseTime(w)
    const offer = await w.makeOffer({ pricePerHour: PRICE })
    const { id } = await rentAt(w, t, offer, 2000)
    await expectRevertWith(sendAt(w, t + 1, w.renter, 'stop', [id]), 'WrongStatus', [id, Status.Pending])
    await sendAt(w, t + 2, w.provider, 'start', [id])
    await expectRevertWith(sendAt(w, t + 3, w.provider, 'stop', [id]), 'NotRenter', [id])
    await expectRevertWith(sendAt(w, t + 3, w.stranger, 'stop', [id]), 'NotRenter', [id])
    await expectRevertWith(sendAt(w, t + 3, w.renter, 'stop', [9n]), 'UnknownRental', [9n])
    const before = await w.balance(w.renter.address)
    const receipt = await sendAt(w, t + 2 + 777, w.renter, 'stop', [id])
    const refund = cost(PRICE, 2000) - cost(PRICE, 777)
    expect(marketEvents(receipt, 'Stopped')[0]?.args).toEqual({
      id,
      elapsed: 777,
      accrued: cost(PRICE, 777),
      refund,
    })
    expect(await w.balance(w.renter.address)).toBe(before + refund)
    const view = await w.rental(id)
    expect([view.status, view.duration, view.endsAt, view.deposit]).toEqual([
      Status.Stopped,
      777,
      t + 2 + 777,
      cost(PRICE, 777),
    ])
    await expectRevertWith(sendAt(w, t + 900, w.renter, 'stop', [id]), 'WrongStatus', [id, Status.Stopped])
    expect(await w.balance(w.renter.address)).toBe(before + refund)
  })
})
