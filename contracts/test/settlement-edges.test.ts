import { describe, expect, it } from 'vitest'
import { TestUSDC } from '../../lib/chain/generated'
import { cost, splitOnStop } from '../../lib/chain/pricing'
import {
  accruedOf,
  baseTime,
  expectRevertWith,
  isolatedWorld,
  marketEvents,
  mineTogether,
  offerIdsOf,
  providerOf,
  rentAt,
  rentalIdOf,
  runningRental,
  Status,
  secondUsdc,
  sendAt,
} from './fixtures'
import { HOUR, USDC } from './harness'

const w = isolatedWorld()
const YEAR = 365 * 24 * HOUR

/** The provider's, renter's and market's USDC balances, for conservation checks. */
async function balances() {
  const [provider = 0n, renter = 0n, market = 0n] = await Promise.all(
    [w.provider.address, w.renter.address, w.market].map((a) => w.balance(a)),
  )
  return { provider, renter, market }
}

describe('accrual', () => {
  it('is zero before start however long the rental waits, and starts from the start', async () => {
    const t = await baseTime(w)
    const { id, offerId } = await rentAt(w, t, await w.makeOffer(), HOUR)
    await sendAt(w, t + 899, w.provider, 'updateEndpoint', ['https://tick.example'])
    expect(await accruedOf(w, id)).toEqual({ total: 0n, claimable: 0n })
    await sendAt(w, t + 900, w.provider, 'start', [offerId])
    expect(await accruedOf(w, id)).toEqual({ total: 0n, claimable: 0n })
    await sendAt(w, t + 901, w.provider, 'updateEndpoint', ['https://tock.example'])
    expect(await accruedOf(w, id)).toEqual({ total: cost(2n * USDC, 1), claimable: cost(2n * USDC, 1) })
  })

  it('is capped at the end after a jump of decades, with exact settlement and no overflow', async () => {
    const t = await baseTime(w)
    const price = 9n * USDC + 1n
    const before = await balances()
    const {
      id,
      offerId,
      startedAt: s,
    } = await runningRental(w, t, await w.makeOffer({ pricePerHour: price }), 5 * HOUR)
    await sendAt(w, s + 40 * YEAR, w.provider, 'updateEndpoint', ['https://future.example'])
    expect(await accruedOf(w, id)).toEqual({ total: cost(price, 5 * HOUR), claimable: cost(price, 5 * HOUR) })
    const stop = await sendAt(w, s + 40 * YEAR + 1, w.renter, 'stop', [id])
    expect(marketEvents(stop, 'Stopped')[0]?.args).toMatchObject({ elapsed: 5 * HOUR, refund: 0n })
    await sendAt(w, s + 40 * YEAR + 2, w.provider, 'claimEarned', [[offerId]])
    const after = await balances()
    expect(after.provider - before.provider).toBe(cost(price, 5 * HOUR))
    expect(after.renter - before.renter).toBe(-cost(price, 5 * HOUR))
    expect(after.market).toBe(before.market)
  })
})

describe('stop at the edges splits the deposit exactly, with no dust', () => {
  const duration = 4321
  const price = 3n * USDC + 1237n
  it.each([
    ['1 s', 1],
    ['end − 1', duration - 1],
    ['the end', duration],
    ['a day after the end', duration + 86_400],
  ])('stop at %s', async (_label, elapsed) => {
    const t = await baseTime(w)
    const before = await balances()
    const {
      id,
      offerId,
      startedAt: s,
    } = await runningRental(w, t, await w.makeOffer({ pricePerHour: price }), duration)
    await sendAt(w, s + elapsed, w.renter, 'stop', [id])
    const split = splitOnStop(price, duration, elapsed)
    expect((await balances()).renter - before.renter).toBe(-split.accrued)
    await sendAt(w, s + elapsed + 10, w.provider, 'claimEarned', [[offerId]])
    const after = await balances()
    const paid = after.provider - before.provider
    const refunded = split.deposit - (before.renter - after.renter)
    expect(paid).toBe(split.accrued)
    expect(paid + refunded).toBe(split.deposit)
    expect(after.market).toBe(before.market)
    expect(await w.rental(id)).toMatchObject({ status: Status.Stopped, settled: true, paid })
  })

  it('stop at 0 s (same block as start): full refund, the claim settles with 0', async () => {
    const t = await baseTime(w)
    const price = 5n * USDC
    const { id, offerId } = await rentAt(w, t, await w.makeOffer({ pricePerHour: price }), HOUR)
    const before = await balances()
    const [, stopReceipt] = await mineTogether(w, t + 10, [
      { account: w.provider, functionName: 'start', args: [offerId] },
      { account: w.renter, functionName: 'stop', args: [id] },
    ])
    expect(marketEvents(stopReceipt, 'Stopped')[0]?.args).toEqual({
      id,
      elapsed: 0,
      accrued: 0n,
      refund: cost(price, HOUR),
    })
    const claim = await sendAt(w, t + 20, w.provider, 'claimEarned', [[offerId]])
    expect(marketEvents(claim, 'Claimed')[0]?.args).toEqual({ id, amount: 0n, paidSeconds: 0 })
    const after = await balances()
    expect([after.renter - before.renter, after.provider - before.provider]).toEqual([cost(price, HOUR), 0n])
    expect(await providerOf(w, w.provider.address)).toMatchObject({ activeRentals: 0 })
  })
})

describe('claim edge cases', () => {
  it('two claims in one block: the second pays 0', async () => {
    const t = await baseTime(w)
    const price = 11n * USDC + 3n
    const {
      id,
      offerId,
      startedAt: s,
    } = await runningRental(w, t, await w.makeOffer({ pricePerHour: price }), HOUR)
    const before = await w.balance(w.provider.address)
    const [first, second] = await mineTogether(w, s + 1777, [
      { account: w.provider, functionName: 'claimEarned', args: [[offerId]] },
      { account: w.provider, functionName: 'claimEarned', args: [[offerId]] },
    ])
    expect(marketEvents(first, 'Claimed')[0]?.args).toEqual({
      id,
      amount: cost(price, 1777),
      paidSeconds: 1777,
    })
    expect(marketEvents(second, 'Claimed')).toEqual([])
    expect(await w.balance(w.provider.address)).toBe(before + cost(price, 1777))
  })

  it('after stop, a claim pays exactly the accrued remainder and a repeated id pays once', async () => {
    const t = await baseTime(w)
    const price = 4n * USDC + 999n
    const {
      id,
      offerId,
      startedAt: s,
    } = await runningRental(w, t, await w.makeOffer({ pricePerHour: price }), HOUR)
    const before = await w.balance(w.provider.address)
    await sendAt(w, s + 1000, w.provider, 'claimEarned', [[offerId]])
    await sendAt(w, s + 1800, w.renter, 'stop', [id])
    const last = await sendAt(w, s + 5000, w.provider, 'claimEarned', [[offerId, offerId, offerId]])
    expect(marketEvents(last, 'Claimed').map((e) => e.args)).toEqual([
      { id, amount: cost(price, 1800) - cost(price, 1000), paidSeconds: 1800 },
    ])
    expect(await w.balance(w.provider.address)).toBe(before + cost(price, 1800))
    expect(await w.rental(id)).toMatchObject({ status: Status.Stopped, settled: true, paidSeconds: 1800 })
  })

  it('a batch of many rentals in two tokens pays the exact sum of each', async () => {
    const other = await secondUsdc(w)
    const t = await baseTime(w)
    const plan = [
      { token: w.usdc, price: 2n * USDC + 1n, duration: 600, stopAt: 0 },
      { token: other, price: 3n * USDC + 7n, duration: HOUR, stopAt: 0 },
      { token: w.usdc, price: 5n * USDC + 11n, duration: 300, stopAt: 0 }, // ends before the claim
      { token: other, price: 7n * USDC + 13n, duration: HOUR, stopAt: 200 },
      { token: w.usdc, price: 1n * USDC + 17n, duration: HOUR, stopAt: 450 },
      { token: w.usdc, price: 3n, duration: HOUR, stopAt: 0 }, // accrues less than 1 unit by the claim
      { token: other, price: 17n * USDC, duration: 2 * HOUR, stopAt: 0 },
    ]
    const ids: bigint[] = []
    const sums = { usdc: 0n, other: 0n }
    const claimAt = t + 3 * plan.length + 1000
    let settling = 0
    for (const [i, p] of plan.entries()) {
      const offer = await w.makeOffer({ token: p.token, pricePerHour: p.price, expiresAt: BigInt(t + HOUR) })
      const { id, startedAt } = await runningRental(w, t + 3 * i, offer, p.duration)
      ids.push(id)
      const end = p.stopAt ? startedAt + p.stopAt : Math.min(claimAt, startedAt + p.duration)
      if (p.stopAt || startedAt + p.duration <= claimAt) settling += 1
      sums[p.token === other ? 'other' : 'usdc'] += cost(p.price, end - startedAt)
    }
    const pendingOffer = await w.makeOffer({ expiresAt: BigInt(t + HOUR) })
    const pending = await rentAt(w, t + 3 * plan.length, pendingOffer, HOUR)
    for (const [i, p] of plan.entries()) {
      if (p.stopAt) await sendAt(w, t + 3 * i + 1 + p.stopAt, w.renter, 'stop', [ids[i]])
    }
    ids.splice(3, 0, pending.id)
    const before = {
      usdc: await w.balance(w.provider.address),
      other: await w.balance(w.provider.address, other),
    }
    const receipt = await sendAt(w, claimAt, w.provider, 'claimEarned', [offerIdsOf(w, ...ids)])
    expect(await w.balance(w.provider.address)).toBe(before.usdc + sums.usdc)
    expect(await w.balance(w.provider.address, other)).toBe(before.other + sums.other)
    for (const id of ids) expect((await accruedOf(w, id)).claimable).toBe(0n)
    expect(marketEvents(receipt, 'Claimed')).toHaveLength(plan.length - 1) // all but the sub-unit one
    expect(settling).toBe(4)
    // Settled: two that ended and two stopped. Still active: three running and the pending one.
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(plan.length + 1 - settling)
  })
})

describe('nobody gains from outside transfers or other parties’ calls', () => {
  it('donations to the contract change nobody’s balance or claimable amount', async () => {
    const t = await baseTime(w)
    const price = 2n * USDC + 5n
    const {
      id,
      offerId,
      startedAt: s,
    } = await runningRental(w, t, await w.makeOffer({ pricePerHour: price }), HOUR)
    await sendAt(w, s + 100, w.stranger, 'transfer', [w.market, 777n * USDC], {
      address: w.usdc,
      abi: TestUSDC.abi,
    })
    expect(await accruedOf(w, id)).toEqual({ total: cost(price, 100), claimable: cost(price, 100) })
    expect((await providerOf(w, w.provider.address)).stake).toBe(1000n * USDC)
    const before = await balances()
    await sendAt(w, s + 1000, w.renter, 'stop', [id])
    await sendAt(w, s + 1001, w.provider, 'claimEarned', [[offerId]])
    const after = await balances()
    expect(after.renter - before.renter).toBe(cost(price, HOUR) - cost(price, 1000))
    expect(after.provider - before.provider).toBe(cost(price, 1000))
    // A new rental still pulls exactly its deposit: the balance-delta check ignores the donation.
    await rentAt(w, s + 1002, await w.makeOffer({ pricePerHour: price, expiresAt: BigInt(s + 2000) }), HOUR)
    const end = await balances()
    expect(end.renter - after.renter).toBe(-cost(price, HOUR))
    // The donation is still there, owed to nobody: the first rental paid out its whole deposit.
    expect(end.market).toBe(before.market)
  })

  it('only the renter stops, extends and cancels; only the provider starts, finishes and claims', async () => {
    const t = await baseTime(w)
    const price = 3n * USDC
    const offer = await w.makeOffer({ pricePerHour: price, expiresAt: BigInt(t + HOUR) })
    const { id, offerId } = await rentAt(w, t, offer, HOUR)
    for (const who of [w.provider, w.stranger, w.deployer]) {
      await expectRevertWith(sendAt(w, t + 1, who, 'cancel', [id]), 'NotRenter', [id])
      await expectRevertWith(sendAt(w, t + 1, who, 'extend', [id, 60]), 'NotRenter', [id])
    }
    // Naming the offer id, anyone else reaches the rental of that id under its own address: none.
    for (const who of [w.renter, w.stranger, w.deployer]) {
      const theirs = [rentalIdOf(who.address, offerId)]
      await expectRevertWith(sendAt(w, t + 1, who, 'start', [offerId]), 'UnknownRental', theirs)
      await expectRevertWith(sendAt(w, t + 1, who, 'decline', [offerId, 0]), 'UnknownRental', theirs)
    }
    await sendAt(w, t + 1, w.provider, 'start', [offerId])
    for (const who of [w.provider, w.stranger, w.deployer]) {
      await expectRevertWith(sendAt(w, t + 2, who, 'stop', [id]), 'NotRenter', [id])
    }
    const before = await w.balance(w.provider.address)
    for (const who of [w.renter, w.stranger, w.deployer]) {
      const theirs = [rentalIdOf(who.address, offerId)]
      await expectRevertWith(sendAt(w, t + 2, who, 'finish', [offerId]), 'UnknownRental', theirs)
    }
    for (const [i, who] of [w.renter, w.stranger, w.deployer].entries()) {
      const claim = await sendAt(w, t + 3 + i, who, 'claimEarned', [[offerId]])
      expect(claim.logs).toEqual([])
    }
    expect(await accruedOf(w, id)).toEqual({ total: cost(price, 4), claimable: cost(price, 4) })
    expect(await w.balance(w.provider.address)).toBe(before)
    // Whatever the provider calls, when, it never gets more than what has accrued.
    for (const dt of [5, 6, 500, 501, 1999]) {
      await sendAt(w, t + 1 + dt, w.provider, 'claimEarned', [[offerId, offerId]])
    }
    expect(await w.balance(w.provider.address)).toBe(before + cost(price, 1999))
  })
})
