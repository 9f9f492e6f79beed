import { type Hex, pad } from 'viem'
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
  rentalIdOf,
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
    const { id, offerId } = await rentAt(w, t, await w.makeOffer({ pricePerHour: PRICE }), 600)
    const receipt = await sendAt(w, t + 900, w.provider, 'start', [offerId])
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
    const { id, offerId } = await rentAt(w, t, await w.makeOffer(), HOUR)
    await expectRevertWith(sendAt(w, t + 901, w.provider, 'start', [offerId]), 'StartWindowPassed', [
      id,
      BigInt(t + 900),
    ])
    // Anyone else naming the offer id reaches the rental of that id under its own address: none.
    for (const who of [w.renter, w.stranger]) {
      await expectRevertWith(sendAt(w, t + 5, who, 'start', [offerId]), 'UnknownRental', [
        rentalIdOf(who.address, offerId),
      ])
    }
    const unknown = pad('0x42', { size: 32 })
    await expectRevertWith(sendAt(w, t + 5, w.provider, 'start', [unknown]), 'UnknownRental', [
      rentalIdOf(w.provider.address, unknown),
    ])
    await sendAt(w, t + 5, w.provider, 'start', [offerId])
    await expectRevertWith(sendAt(w, t + 6, w.provider, 'start', [offerId]), 'WrongStatus', [
      id,
      Status.Running,
    ])
  })

  it('a registered provider can never act on another provider’s rental', async () => {
    await w.sendMarket(w.provider2, 'registerProvider', ['https://p2.example', 100n * USDC])
    const t = await baseTime(w)
    const pending = await rentAt(w, t, await w.makeOffer({ expiresAt: BigInt(t + HOUR) }), HOUR)
    const running = await runningRental(w, t + 2, await w.makeOffer({ expiresAt: BigInt(t + HOUR) }), HOUR)
    const foreign = (offerId: Hex) => [rentalIdOf(w.provider2.address, offerId)]
    await expectRevertWith(sendAt(w, t + 10, w.provider2, 'start', [pending.offerId]), 'UnknownRental', [
      ...foreign(pending.offerId),
    ])
    await expectRevertWith(
      sendAt(w, t + 10, w.provider2, 'decline', [pending.offerId, 3]),
      'UnknownRental',
      foreign(pending.offerId),
    )
    await expectRevertWith(
      sendAt(w, t + 10, w.provider2, 'finish', [running.offerId]),
      'UnknownRental',
      foreign(running.offerId),
    )
    const before = await Promise.all([w.provider2.address, w.market].map((a) => w.balance(a)))
    const claim = await sendAt(w, running.startedAt + 600, w.provider2, 'claimEarned', [
      [pending.offerId, running.offerId],
    ])
    expect(claim.logs).toEqual([])
    expect(await Promise.all([w.provider2.address, w.market].map((a) => w.balance(a)))).toEqual(before)
    expect(await w.rental(pending.id)).toMatchObject({ status: Status.Pending, settled: false })
    expect(await w.rental(running.id)).toMatchObject({ status: Status.Running, paidSeconds: 0 })
    expect(await accruedOf(w, running.id)).toEqual({
      total: cost(2n * USDC, 600),
      claimable: cost(2n * USDC, 600),
    })
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(2)
    expect((await providerOf(w, w.provider2.address)).activeRentals).toBe(0)
  })
})

describe('claimEarned', () => {
  it('pays exactly what accrued since the last claim, then settles at the end', async () => {
    const t = await baseTime(w)
    const {
      id,
      offerId,
      startedAt: s,
    } = await runningRental(w, t, await w.makeOffer({ pricePerHour: PRICE }), 3000)
    const before = await w.balance(w.provider.address)
    const first = await sendAt(w, s + 1001, w.provider, 'claimEarned', [[offerId]])
    expect(marketEvents(first, 'Claimed')[0]?.args).toEqual({
      id,
      amount: cost(PRICE, 1001),
      paidSeconds: 1001,
    })
    expect(await w.balance(w.provider.address)).toBe(before + cost(PRICE, 1001))
    expect(await accruedOf(w, id)).toEqual({ total: cost(PRICE, 1001), claimable: 0n })
    await sendAt(w, s + 2503, w.provider, 'claimEarned', [[offerId]])
    expect(await w.balance(w.provider.address)).toBe(before + cost(PRICE, 2503))
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(1)

    const last = await sendAt(w, s + 9999, w.provider, 'claimEarned', [[offerId]])
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
    const again = await sendAt(w, s + 10_000, w.provider, 'claimEarned', [[offerId]])
    expect(marketEvents(again, 'Claimed')).toEqual([])
    expect(await w.balance(w.provider.address)).toBe(before + cost(PRICE, 3000))
  })

  it('pays nothing for a pending rental; others’ and unknown offer ids pay nothing and change nothing', async () => {
    const t = await baseTime(w)
    const { id, offerId } = await rentAt(w, t, await w.makeOffer(), HOUR)
    const running = await runningRental(w, t + 2, await w.makeOffer(), HOUR)
    const before = await w.balance(w.provider.address)
    const receipt = await sendAt(w, t + 4, w.provider, 'claimEarned', [[offerId]])
    expect(marketEvents(receipt, 'Claimed')).toEqual([])
    expect(await w.balance(w.provider.address)).toBe(before)
    const everyone = [w.provider, w.renter, w.stranger].map((a) => a.address)
    const balances = async () => Promise.all([...everyone, w.market].map((a) => w.balance(a)))
    const held = await balances()
    for (const who of [w.renter, w.stranger]) {
      const claim = await sendAt(w, running.startedAt + 900, who, 'claimEarned', [[offerId, running.offerId]])
      expect(claim.logs, 'no event, no transfer').toEqual([])
    }
    const unknown = pad('0x77', { size: 32 })
    const claim = await sendAt(w, running.startedAt + 901, w.provider, 'claimEarned', [[unknown]])
    expect(claim.logs).toEqual([])
    expect(await balances()).toEqual(held)
    expect(await w.rental(id)).toMatchObject({ status: Status.Pending, settled: false })
    expect(await w.rental(running.id)).toMatchObject({ status: Status.Running, paidSeconds: 0 })
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(2)
  })
})

describe('stop', () => {
  it('refunds exactly the unused part; only the renter, only while running, only once', async () => {
    const t = await baseTime(w)
    const offer = await w.makeOffer({ pricePerHour: PRICE })
    const { id, offerId } = await rentAt(w, t, offer, 2000)
    await expectRevertWith(sendAt(w, t + 1, w.renter, 'stop', [id]), 'WrongStatus', [id, Status.Pending])
    await sendAt(w, t + 2, w.provider, 'start', [offerId])
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
