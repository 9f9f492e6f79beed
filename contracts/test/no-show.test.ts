import { describe, expect, it } from 'vitest'
import { cost } from '../../lib/chain/pricing'
import {
  baseTime,
  expectRevertWith,
  isolatedWorld,
  marketEvents,
  providerOf,
  rentAt,
  runningRental,
  Status,
  secondUsdc,
  sendAt,
} from './fixtures'
import { HOUR, USDC } from './harness'

const w = isolatedWorld()
const PRICE = 7n * USDC + 13n
const STAKE = 1000n * USDC
const YEAR = 365 * 24 * HOUR

describe('settleNoShow', () => {
  it('reverts StartWindowOpen up to the last second of the window', async () => {
    const t = await baseTime(w)
    const { id } = await rentAt(w, t, await w.makeOffer(), HOUR)
    for (const at of [t + 1, t + 900]) {
      await expectRevertWith(sendAt(w, at, w.stranger, 'settleNoShow', [id]), 'StartWindowOpen', [
        id,
        BigInt(t + 900),
      ])
    }
    await expectRevertWith(sendAt(w, t + 900, w.renter, 'settleNoShow', [id]), 'StartWindowOpen', [
      id,
      BigInt(t + 900),
    ])
  })

  it('by anyone after the window: refund plus min(stake, price × 1 h), settled at once', async () => {
    const t = await baseTime(w)
    const { id, offerId } = await rentAt(w, t, await w.makeOffer({ pricePerHour: PRICE }), 600)
    const renterBefore = await w.balance(w.renter.address)
    const marketBefore = await w.balance(w.market)
    const receipt = await sendAt(w, t + 901, w.stranger, 'settleNoShow', [id])
    const compensation = cost(PRICE, HOUR)
    expect(marketEvents(receipt, 'NoShowSettled').map((e) => e.args)).toEqual([
      { id, settledBy: w.stranger.address, refund: cost(PRICE, 600), compensation },
    ])
    expect(marketEvents(receipt, 'StakeChanged').map((e) => e.args)).toEqual([
      { provider: w.provider.address, delta: -compensation, stake: STAKE - compensation },
    ])
    expect(await w.balance(w.renter.address)).toBe(renterBefore + cost(PRICE, 600) + compensation)
    expect(await w.balance(w.market)).toBe(marketBefore - cost(PRICE, 600) - compensation)
    expect(await w.rental(id)).toMatchObject({ status: Status.NoShow, settled: true })
    expect(await providerOf(w, w.provider.address)).toMatchObject({
      stake: STAKE - compensation,
      activeRentals: 0,
    })
    await expectRevertWith(sendAt(w, t + 902, w.stranger, 'settleNoShow', [id]), 'WrongStatus', [
      id,
      Status.NoShow,
    ])
    await expectRevertWith(sendAt(w, t + 902, w.provider, 'start', [offerId]), 'WrongStatus', [
      id,
      Status.NoShow,
    ])
    await expectRevertWith(sendAt(w, t + 902, w.renter, 'cancel', [id]), 'WrongStatus', [id, Status.NoShow])
    // Already settled: a later claim naming it changes nothing.
    const claim = await sendAt(w, t + 903, w.provider, 'claimEarned', [[offerId]])
    expect(claim.logs).toEqual([])
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
  })

  it('the provider itself or the renter may settle it too; the compensation is capped at the stake', async () => {
    await w.sendMarket(w.provider2, 'registerProvider', ['https://p2.example', 100n * USDC])
    const t = await baseTime(w)
    const price = 500n * USDC
    const offer = await w.makeOffer({ provider: w.provider2.address, pricePerHour: price })
    const { id } = await rentAt(w, t, offer, 60, { signature: await w.sign(offer, w.provider2) })
    const before = await w.balance(w.renter.address)
    const receipt = await sendAt(w, t + 901, w.provider2, 'settleNoShow', [id])
    expect(marketEvents(receipt, 'NoShowSettled')[0]?.args).toEqual({
      id,
      settledBy: w.provider2.address,
      refund: cost(price, 60),
      compensation: 100n * USDC,
    })
    expect(await w.balance(w.renter.address)).toBe(before + cost(price, 60) + 100n * USDC)
    expect(await providerOf(w, w.provider2.address)).toMatchObject({ stake: 0n, activeRentals: 0 })

    const own = await rentAt(w, t + 902, await w.makeOffer({ pricePerHour: PRICE }), HOUR)
    await sendAt(w, t + 902 + 901, w.renter, 'settleNoShow', [own.id])
    expect((await w.rental(own.id)).status).toBe(Status.NoShow)
  })

  it('pays no compensation on a rental in a token other than the stake token', async () => {
    const token = await secondUsdc(w)
    const t = await baseTime(w)
    const { id } = await rentAt(w, t, await w.makeOffer({ token, pricePerHour: PRICE }), HOUR)
    const before = await w.balance(w.renter.address, token)
    const receipt = await sendAt(w, t + 901, w.stranger, 'settleNoShow', [id])
    expect(marketEvents(receipt, 'NoShowSettled')[0]?.args).toMatchObject({
      refund: cost(PRICE, HOUR),
      compensation: 0n,
    })
    expect(marketEvents(receipt, 'StakeChanged')).toEqual([])
    expect(await w.balance(w.renter.address, token)).toBe(before + cost(PRICE, HOUR))
    expect(await providerOf(w, w.provider.address)).toMatchObject({ stake: STAKE, activeRentals: 0 })
    expect(await w.balance(w.market, token)).toBe(0n)
  })

  it('only a pending rental: running, declined and unknown ones revert', async () => {
    const t = await baseTime(w)
    const running = await runningRental(w, t, await w.makeOffer(), HOUR)
    await expectRevertWith(sendAt(w, t + 2000, w.stranger, 'settleNoShow', [running.id]), 'WrongStatus', [
      running.id,
      Status.Running,
    ])
    const declined = await rentAt(w, t + 2001, await w.makeOffer({ expiresAt: BigInt(t + 3000) }), HOUR)
    await sendAt(w, t + 2002, w.provider, 'decline', [declined.offerId, 1])
    await expectRevertWith(sendAt(w, t + 4000, w.stranger, 'settleNoShow', [declined.id]), 'WrongStatus', [
      declined.id,
      Status.Declined,
    ])
    await expectRevertWith(sendAt(w, t + 4000, w.stranger, 'settleNoShow', [12345n]), 'UnknownRental', [
      12345n,
    ])
  })
})

describe('a locked stake is always releasable after the start window', () => {
  it('two years later, anyone settles the forgotten rental and the provider withdraws its stake', async () => {
    const t = await baseTime(w)
    const { id, offerId } = await rentAt(w, t, await w.makeOffer({ pricePerHour: PRICE }), HOUR)
    await expectRevertWith(sendAt(w, t + 1, w.provider, 'withdrawStake', [STAKE]), 'StakeLocked', [1])
    const later = t + 2 * YEAR
    await expectRevertWith(sendAt(w, later, w.provider, 'start', [offerId]), 'StartWindowPassed', [
      id,
      BigInt(t + 900),
    ])
    await expectRevertWith(sendAt(w, later, w.provider, 'decline', [offerId, 0]), 'StartWindowPassed', [
      id,
      BigInt(t + 900),
    ])
    await expectRevertWith(sendAt(w, later, w.provider, 'withdrawStake', [STAKE]), 'StakeLocked', [1])
    const renterBefore = await w.balance(w.renter.address)
    await sendAt(w, later + 1, w.stranger, 'settleNoShow', [id])
    const compensation = cost(PRICE, HOUR)
    expect(await w.balance(w.renter.address)).toBe(renterBefore + cost(PRICE, HOUR) + compensation)
    const providerBefore = await w.balance(w.provider.address)
    await sendAt(w, later + 2, w.provider, 'withdrawStake', [STAKE - compensation])
    expect(await w.balance(w.provider.address)).toBe(providerBefore + STAKE - compensation)
    expect(await providerOf(w, w.provider.address)).toMatchObject({ stake: 0n, activeRentals: 0 })
  })

  it('the renter’s own late cancel settles it the same way', async () => {
    const t = await baseTime(w)
    const { id } = await rentAt(w, t, await w.makeOffer({ pricePerHour: PRICE }), HOUR)
    const receipt = await sendAt(w, t + 2 * YEAR, w.renter, 'cancel', [id])
    expect(marketEvents(receipt, 'Cancelled')[0]?.args).toEqual({
      id,
      refund: cost(PRICE, HOUR),
      compensation: cost(PRICE, HOUR),
    })
    expect(await w.rental(id)).toMatchObject({ status: Status.Cancelled, settled: true })
    await sendAt(w, t + 2 * YEAR + 1, w.provider, 'withdrawStake', [STAKE - cost(PRICE, HOUR)])
  })
})
