import { describe, expect, it } from 'vitest'
import { cost } from '../../lib/chain/pricing'
import { DeclineReason } from '../../lib/chain/rental-status'
import {
  accruedOf,
  baseTime,
  expectRevertWith,
  isolatedWorld,
  marketEvents,
  mineTogether,
  providerOf,
  rentAt,
  runningRental,
  Status,
  sendAt,
} from './fixtures'
import { HOUR, USDC } from './harness'

const w = isolatedWorld()
const PRICE = 7n * USDC + 13n // not a multiple of 3600, so rounding shows
const STAKE = 1000n * USDC

async function balances() {
  const [provider = 0n, renter = 0n, market = 0n] = await Promise.all(
    [w.provider.address, w.renter.address, w.market].map((a) => w.balance(a)),
  )
  return { provider, renter, market }
}

describe('decline', () => {
  it('refunds the whole deposit at once, with the reason in the event and no compensation', async () => {
    const t = await baseTime(w)
    const { id, offerId } = await rentAt(w, t, await w.makeOffer({ pricePerHour: PRICE }), 5000)
    const before = await balances()
    const receipt = await sendAt(w, t + 900, w.provider, 'decline', [offerId, DeclineReason.SpecUnreadable])
    expect(marketEvents(receipt, 'Declined').map((e) => e.args)).toEqual([
      { id, reason: DeclineReason.SpecUnreadable, refund: cost(PRICE, 5000) },
    ])
    const after = await balances()
    expect(after.renter - before.renter).toBe(cost(PRICE, 5000))
    expect(after.market - before.market).toBe(-cost(PRICE, 5000))
    expect(after.provider).toBe(before.provider)
    expect(await w.rental(id)).toMatchObject({ status: Status.Declined, settled: false, paid: 0n })
    expect(await accruedOf(w, id)).toEqual({ total: 0n, claimable: 0n })
    expect((await providerOf(w, w.provider.address)).stake).toBe(STAKE)
  })

  it('carries any reason code, including ones the app has no sentence for', async () => {
    const t = await baseTime(w)
    for (const [i, reason] of [DeclineReason.Unspecified, DeclineReason.PrepareFailed, 200, 255].entries()) {
      const { id, offerId } = await rentAt(
        w,
        t + 2 * i,
        await w.makeOffer({ expiresAt: BigInt(t + HOUR) }),
        HOUR,
      )
      const receipt = await sendAt(w, t + 2 * i + 1, w.provider, 'decline', [offerId, reason])
      expect(marketEvents(receipt, 'Declined')[0]?.args).toMatchObject({ id, reason })
    }
  })

  it('only within the start window: one second later StartWindowPassed, and never twice', async () => {
    const t = await baseTime(w)
    const { id, offerId } = await rentAt(w, t, await w.makeOffer(), HOUR)
    await expectRevertWith(sendAt(w, t + 901, w.provider, 'decline', [offerId, 3]), 'StartWindowPassed', [
      id,
      BigInt(t + 900),
    ])
    const other = await rentAt(w, t + 2, await w.makeOffer({ expiresAt: BigInt(t + HOUR) }), HOUR)
    await sendAt(w, t + 3, w.provider, 'decline', [other.offerId, 3])
    await expectRevertWith(sendAt(w, t + 4, w.provider, 'decline', [other.offerId, 3]), 'WrongStatus', [
      other.id,
      Status.Declined,
    ])
    await expectRevertWith(sendAt(w, t + 4, w.provider, 'start', [other.offerId]), 'WrongStatus', [
      other.id,
      Status.Declined,
    ])
    await expectRevertWith(sendAt(w, t + 4, w.renter, 'cancel', [other.id]), 'WrongStatus', [
      other.id,
      Status.Declined,
    ])
  })

  it('cannot decline a running rental', async () => {
    const t = await baseTime(w)
    const { id, offerId } = await runningRental(w, t, await w.makeOffer(), HOUR)
    await expectRevertWith(sendAt(w, t + 2, w.provider, 'decline', [offerId, 0]), 'WrongStatus', [
      id,
      Status.Running,
    ])
  })

  it('stays among the provider’s active rentals until its next claim names it; then the stake is free', async () => {
    const t = await baseTime(w)
    const { id, offerId } = await rentAt(w, t, await w.makeOffer({ expiresAt: BigInt(t + HOUR) }), HOUR)
    const running = await runningRental(w, t + 2, await w.makeOffer({ expiresAt: BigInt(t + HOUR) }), 600)
    await sendAt(w, t + 10, w.provider, 'decline', [offerId, DeclineReason.GpusBusy])
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(2)
    await expectRevertWith(sendAt(w, t + 11, w.provider, 'withdrawStake', [USDC]), 'StakeLocked', [2])

    // A claim that does not name it leaves it counted.
    await sendAt(w, running.startedAt + 600, w.provider, 'claimEarned', [[running.offerId]])
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(1)
    expect((await w.rental(id)).settled).toBe(false)
    await expectRevertWith(
      sendAt(w, running.startedAt + 601, w.provider, 'withdrawStake', [USDC]),
      'StakeLocked',
      [1],
    )

    const before = await balances()
    const claim = await sendAt(w, running.startedAt + 602, w.provider, 'claimEarned', [[offerId, offerId]])
    expect(marketEvents(claim, 'Claimed')).toEqual([])
    expect(await balances()).toEqual(before)
    expect(await w.rental(id)).toMatchObject({ status: Status.Declined, settled: true })
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
    await sendAt(w, running.startedAt + 603, w.provider, 'claimEarned', [[offerId]]) // settles nothing twice
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
    await sendAt(w, running.startedAt + 604, w.provider, 'withdrawStake', [STAKE])
    expect((await balances()).provider).toBe(before.provider + STAKE)
  })
})

describe('finish', () => {
  it('ends a running rental now: the unused part is refunded at once, the accrued part is claimable', async () => {
    const t = await baseTime(w)
    const {
      id,
      offerId,
      startedAt: s,
    } = await runningRental(w, t, await w.makeOffer({ pricePerHour: PRICE }), 4321)
    const before = await balances()
    const receipt = await sendAt(w, s + 1234, w.provider, 'finish', [offerId])
    const refund = cost(PRICE, 4321) - cost(PRICE, 1234)
    expect(marketEvents(receipt, 'Finished').map((e) => e.args)).toEqual([
      { id, elapsed: 1234, accrued: cost(PRICE, 1234), refund },
    ])
    const after = await balances()
    expect(after.renter - before.renter).toBe(refund)
    expect(after.provider).toBe(before.provider)
    expect(await w.rental(id)).toMatchObject({
      status: Status.Finished,
      duration: 1234,
      endsAt: s + 1234,
      deposit: cost(PRICE, 1234),
      settled: false,
    })
    // Billed by the second: nothing accrues after the finish, however long the claim waits.
    await sendAt(w, s + 1234 + 5000, w.provider, 'updateEndpoint', ['https://later.example'])
    expect(await accruedOf(w, id)).toEqual({ total: cost(PRICE, 1234), claimable: cost(PRICE, 1234) })
    const claim = await sendAt(w, s + 1234 + 5001, w.provider, 'claimEarned', [[offerId]])
    expect(marketEvents(claim, 'Claimed')[0]?.args).toEqual({
      id,
      amount: cost(PRICE, 1234),
      paidSeconds: 1234,
    })
    const end = await balances()
    expect(end.provider - before.provider).toBe(cost(PRICE, 1234))
    expect(end.market).toBe(before.market - cost(PRICE, 4321))
    expect(await w.rental(id)).toMatchObject({ status: Status.Finished, settled: true })
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
  })

  it('after a partial claim pays only the rest; a second finish or a stop finds it finished', async () => {
    const t = await baseTime(w)
    const {
      id,
      offerId,
      startedAt: s,
    } = await runningRental(w, t, await w.makeOffer({ pricePerHour: PRICE }), HOUR)
    const before = await balances()
    await sendAt(w, s + 100, w.provider, 'claimEarned', [[offerId]])
    await sendAt(w, s + 101, w.provider, 'finish', [offerId])
    await expectRevertWith(sendAt(w, s + 102, w.provider, 'finish', [offerId]), 'WrongStatus', [
      id,
      Status.Finished,
    ])
    await expectRevertWith(sendAt(w, s + 102, w.renter, 'stop', [id]), 'WrongStatus', [id, Status.Finished])
    await expectRevertWith(sendAt(w, s + 102, w.renter, 'extend', [id, 60]), 'WrongStatus', [
      id,
      Status.Finished,
    ])
    await sendAt(w, s + 103, w.provider, 'claimEarned', [[offerId]])
    const after = await balances()
    expect(after.provider - before.provider).toBe(cost(PRICE, 101))
    expect(after.renter - before.renter).toBe(cost(PRICE, HOUR) - cost(PRICE, 101))
    expect(after.market).toBe(before.market - cost(PRICE, HOUR))
  })

  it('in the block of the start refunds everything; after the end refunds nothing', async () => {
    const t = await baseTime(w)
    const atOnce = await rentAt(w, t, await w.makeOffer({ pricePerHour: PRICE }), HOUR)
    const before = await balances()
    const [, finished] = await mineTogether(w, t + 10, [
      { account: w.provider, functionName: 'start', args: [atOnce.offerId] },
      { account: w.provider, functionName: 'finish', args: [atOnce.offerId] },
    ])
    expect(marketEvents(finished, 'Finished')[0]?.args).toEqual({
      id: atOnce.id,
      elapsed: 0,
      accrued: 0n,
      refund: cost(PRICE, HOUR),
    })
    expect((await balances()).renter - before.renter).toBe(cost(PRICE, HOUR))
    const claim = await sendAt(w, t + 11, w.provider, 'claimEarned', [[atOnce.offerId]])
    expect(marketEvents(claim, 'Claimed')[0]?.args).toEqual({ id: atOnce.id, amount: 0n, paidSeconds: 0 })
    expect(await w.rental(atOnce.id)).toMatchObject({ status: Status.Finished, settled: true })

    const late = await runningRental(w, t + 20, await w.makeOffer({ pricePerHour: PRICE }), 600)
    const zero = await sendAt(w, late.startedAt + HOUR, w.provider, 'finish', [late.offerId])
    expect(marketEvents(zero, 'Finished')[0]?.args).toEqual({
      id: late.id,
      elapsed: 600,
      accrued: cost(PRICE, 600),
      refund: 0n,
    })
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(1)
  })

  it('only a running rental: pending, stopped and ended ones revert', async () => {
    const t = await baseTime(w)
    const pending = await rentAt(w, t, await w.makeOffer(), HOUR)
    await expectRevertWith(sendAt(w, t + 1, w.provider, 'finish', [pending.offerId]), 'WrongStatus', [
      pending.id,
      Status.Pending,
    ])
    const stopped = await runningRental(w, t + 2, await w.makeOffer(), HOUR)
    await sendAt(w, stopped.startedAt + 10, w.renter, 'stop', [stopped.id])
    await expectRevertWith(
      sendAt(w, stopped.startedAt + 11, w.provider, 'finish', [stopped.offerId]),
      'WrongStatus',
      [stopped.id, Status.Stopped],
    )
    const ended = await runningRental(w, stopped.startedAt + 12, await w.makeOffer(), 60)
    await sendAt(w, ended.startedAt + 61, w.provider, 'claimEarned', [[ended.offerId]])
    await expectRevertWith(
      sendAt(w, ended.startedAt + 62, w.provider, 'finish', [ended.offerId]),
      'WrongStatus',
      [ended.id, Status.Ended],
    )
  })
})
