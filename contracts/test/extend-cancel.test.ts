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

describe('extend', () => {
  it('charges exactly cost(d + x) − cost(d) and leaves what accrued unchanged', async () => {
    const t = await baseTime(w)
    const price = 1_000_001n
    const { id, startedAt: s } = await runningRental(w, t, await w.makeOffer({ pricePerHour: price }), 61)
    const before = await w.balance(w.renter.address)
    const receipt = await sendAt(w, s + 30, w.renter, 'extend', [id, 59])
    const charge = cost(price, 120) - cost(price, 61)
    expect(charge).not.toBe(cost(price, 59)) // rounding is on the total, not on the increment
    expect(marketEvents(receipt, 'Extended')[0]?.args).toEqual({
      id,
      extraSeconds: 59,
      duration: 120,
      amount: charge,
    })
    expect(await w.balance(w.renter.address)).toBe(before - charge)
    expect(await accruedOf(w, id)).toEqual({ total: cost(price, 30), claimable: cost(price, 30) })
    const view = await w.rental(id)
    expect([view.duration, view.endsAt, view.deposit]).toEqual([120, s + 120, cost(price, 120)])
  })

  it('works while pending; rejects strangers, zero, beyond max, after the end and after stop', async () => {
    const t = await baseTime(w)
    const offer = await w.makeOffer({ pricePerHour: PRICE, maxDuration: 2 * HOUR })
    const { id, offerId } = await rentAt(w, t, offer, HOUR)
    await sendAt(w, t + 1, w.renter, 'extend', [id, 600])
    expect((await w.rental(id)).duration).toBe(HOUR + 600)
    await expectRevertWith(sendAt(w, t + 2, w.stranger, 'extend', [id, 1]), 'NotRenter', [id])
    await expectRevertWith(sendAt(w, t + 2, w.provider, 'extend', [id, 1]), 'NotRenter', [id])
    await expectRevertWith(sendAt(w, t + 2, w.renter, 'extend', [id, 0]), 'ZeroAmount', [])
    await expectRevertWith(sendAt(w, t + 2, w.renter, 'extend', [id, 3001]), 'ExceedsMaxDuration', [
      BigInt(2 * HOUR + 1),
      2 * HOUR,
    ])
    await sendAt(w, t + 2, w.renter, 'extend', [id, 3000]) // exactly the maximum
    await sendAt(w, t + 3, w.provider, 'start', [offerId])
    await expectRevertWith(sendAt(w, t + 3 + HOUR, w.renter, 'extend', [id, 1]), 'ExceedsMaxDuration', [
      BigInt(2 * HOUR + 1),
      2 * HOUR,
    ])

    const short = await runningRental(w, t + 10, await w.makeOffer({ pricePerHour: PRICE }), 100)
    await expectRevertWith(
      sendAt(w, short.startedAt + 100, w.renter, 'extend', [short.id, 1]),
      'RentalEnded',
      [short.id],
    )
    const other = await runningRental(w, t + 200, await w.makeOffer({ pricePerHour: PRICE }), 100)
    await sendAt(w, other.startedAt + 50, w.renter, 'stop', [other.id])
    await expectRevertWith(
      sendAt(w, other.startedAt + 51, w.renter, 'extend', [other.id, 1]),
      'WrongStatus',
      [other.id, Status.Stopped],
    )
  })
})

describe('cancel', () => {
  it('within the window: full refund at once, no compensation; settles at the provider’s next claim', async () => {
    const t = await baseTime(w)
    const { id, offerId } = await rentAt(w, t, await w.makeOffer({ pricePerHour: PRICE }), HOUR)
    const before = await w.balance(w.renter.address)
    await expectRevertWith(sendAt(w, t + 900, w.stranger, 'cancel', [id]), 'NotRenter', [id])
    await expectRevertWith(sendAt(w, t + 900, w.provider, 'cancel', [id]), 'NotRenter', [id])
    const receipt = await sendAt(w, t + 900, w.renter, 'cancel', [id])
    expect(marketEvents(receipt, 'Cancelled')[0]?.args).toEqual({
      id,
      refund: cost(PRICE, HOUR),
      compensation: 0n,
    })
    expect(await w.balance(w.renter.address)).toBe(before + cost(PRICE, HOUR))
    // Still counted among the provider's rentals (its stake stays locked) until a claim names it.
    expect(await providerOf(w, w.provider.address)).toMatchObject({ stake: 1000n * USDC, activeRentals: 1 })
    expect(await w.rental(id)).toMatchObject({ status: Status.Cancelled, settled: false })
    await expectRevertWith(sendAt(w, t + 901, w.provider, 'start', [offerId]), 'WrongStatus', [
      id,
      Status.Cancelled,
    ])
    await expectRevertWith(sendAt(w, t + 901, w.renter, 'cancel', [id]), 'WrongStatus', [
      id,
      Status.Cancelled,
    ])
    await expectRevertWith(sendAt(w, t + 902, w.provider, 'withdrawStake', [USDC]), 'StakeLocked', [1])
    const providerBefore = await w.balance(w.provider.address)
    const claim = await sendAt(w, t + 903, w.provider, 'claimEarned', [[offerId]])
    expect(marketEvents(claim, 'Claimed')).toEqual([])
    expect(await w.balance(w.provider.address)).toBe(providerBefore)
    expect(await w.rental(id)).toMatchObject({ status: Status.Cancelled, settled: true })
    expect(await providerOf(w, w.provider.address)).toMatchObject({ stake: 1000n * USDC, activeRentals: 0 })
    expect(await w.balance(w.renter.address)).toBe(before + cost(PRICE, HOUR))
    await sendAt(w, t + 904, w.provider, 'withdrawStake', [1000n * USDC])
    expect(await w.balance(w.provider.address)).toBe(providerBefore + 1000n * USDC)
  })

  it('after the window: full refund plus cost(price, 1 h) from the provider’s stake; settles at once', async () => {
    const t = await baseTime(w)
    const { id, offerId } = await rentAt(w, t, await w.makeOffer({ pricePerHour: PRICE }), 600)
    const before = await w.balance(w.renter.address)
    const receipt = await sendAt(w, t + 901, w.renter, 'cancel', [id])
    const compensation = cost(PRICE, HOUR)
    expect(marketEvents(receipt, 'Cancelled')[0]?.args).toEqual({
      id,
      refund: cost(PRICE, 600),
      compensation,
    })
    expect(await w.balance(w.renter.address)).toBe(before + cost(PRICE, 600) + compensation)
    expect(await providerOf(w, w.provider.address)).toMatchObject({
      stake: 1000n * USDC - compensation,
      activeRentals: 0,
    })
    expect(await w.rental(id)).toMatchObject({ status: Status.Cancelled, settled: true })
    await expectRevertWith(sendAt(w, t + 902, w.provider, 'start', [offerId]), 'WrongStatus', [
      id,
      Status.Cancelled,
    ])
  })

  it('compensation is capped at the stake, after which the provider cannot be rented', async () => {
    await w.sendMarket(w.provider2, 'registerProvider', ['https://p2.example', 100n * USDC])
    const t = await baseTime(w)
    const price = 500n * USDC
    const offer = await w.makeOffer({ provider: w.provider2.address, pricePerHour: price })
    const { id } = await rentAt(w, t, offer, 60, { signature: await w.sign(offer, w.provider2) })
    const before = await w.balance(w.renter.address)
    await sendAt(w, t + 2000, w.renter, 'cancel', [id])
    expect(await w.balance(w.renter.address)).toBe(before + cost(price, 60) + 100n * USDC)
    expect(await providerOf(w, w.provider2.address)).toMatchObject({ stake: 0n, activeRentals: 0 })
    const next = await w.makeOffer({ provider: w.provider2.address })
    await expectRevertWith(w.rent(next, HOUR, w.renter, await w.sign(next, w.provider2)), 'StakeTooLow', [
      0n,
      100n * USDC,
    ])
  })

  it('cannot cancel a running rental', async () => {
    const t = await baseTime(w)
    const { id } = await runningRental(w, t, await w.makeOffer(), HOUR)
    await expectRevertWith(sendAt(w, t + 2000, w.renter, 'cancel', [id]), 'WrongStatus', [id, Status.Running])
    await expectRevertWith(sendAt(w, t + 2000, w.renter, 'cancel', [5n]), 'UnknownRental', [5n])
  })
})
