/**
 * Payouts in a USDC-shaped stake token (proxy, blacklist, pause): a payout the token refuses is
 * credited, so no state change waits on it, and `withdraw(token)` takes the credit out once the
 * token lets it through.
 */
import type { Abi, Address } from 'viem'
import { describe, expect, it } from 'vitest'
import { cost } from '../../lib/chain/pricing'
import {
  baseTime,
  expectRevertWith,
  isolatedWorld,
  marketEvents,
  marketWithErrorsOf,
  providerOf,
  rentAt,
  runningRental,
  Status,
  sendAt,
} from './fixtures'
import { UsdcLikeToken } from './generated-mocks'
import { HOUR, randomSealedSpec, USDC } from './harness'

const w = isolatedWorld(undefined, { token: 'usdc-like' })
const PRICE = 7n * USDC + 13n
const STAKE = 1000n * USDC

const admin = (functionName: 'pause' | 'unpause' | 'blacklist' | 'unBlacklist', args: Address[] = []) =>
  w.send(w.deployer, w.usdc, UsdcLikeToken.abi as Abi, functionName, args)
const withTokenErrors = () => marketWithErrorsOf(w, UsdcLikeToken.abi as Abi)
const credited = (receipt: Parameters<typeof marketEvents>[0]) =>
  marketEvents(receipt, 'Credited').map((e) => e.args)

describe('the USDC-shaped stake token', () => {
  it('is what the market was deployed with, and its admin can refuse transfers', async () => {
    expect(w.tokenKind).toBe('usdc-like')
    const read = (functionName: 'name' | 'decimals' | 'paused' | 'admin') =>
      w.publicClient.readContract({ address: w.usdc, abi: UsdcLikeToken.abi, functionName })
    expect([await read('name'), await read('decimals'), await read('admin')]).toEqual([
      'USD Coin',
      6,
      w.deployer.address,
    ])
    await admin('pause')
    expect(await read('paused')).toBe(true)
    const offer = await w.makeOffer()
    const rent = [offer, await w.sign(offer), HOUR, randomSealedSpec()]
    await expectRevertWith(
      sendAt(w, await baseTime(w), w.renter, 'rent', rent, withTokenErrors()),
      'Paused',
      [],
    )
  })
})

describe('a blacklisted party still leaves with what it is owed', () => {
  it('a blacklisted renter stops and cancels: the refunds are credited, withdrawn once unlisted', async () => {
    const t = await baseTime(w)
    const running = await runningRental(w, t, await w.makeOffer({ pricePerHour: PRICE }), HOUR)
    const pending = await rentAt(w, t + 2, await w.makeOffer({ pricePerHour: PRICE }), 600)
    const late = await rentAt(w, t + 3, await w.makeOffer({ pricePerHour: PRICE }), 600)
    await admin('blacklist', [w.renter.address])
    const renterBefore = await w.balance(w.renter.address)

    const cancel = await sendAt(w, t + 500, w.renter, 'cancel', [pending.id])
    expect(credited(cancel)).toEqual([{ account: w.renter.address, token: w.usdc, amount: cost(PRICE, 600) }])
    expect(marketEvents(cancel, 'Cancelled')[0]?.args).toMatchObject({ refund: cost(PRICE, 600) })
    const lateCancel = await sendAt(w, t + 3 + 901, w.renter, 'cancel', [late.id])
    const owedLate = cost(PRICE, 600) + cost(PRICE, HOUR)
    expect(credited(lateCancel)).toEqual([{ account: w.renter.address, token: w.usdc, amount: owedLate }])

    const stop = await sendAt(w, running.startedAt + 1000, w.renter, 'stop', [running.id])
    const stopRefund = cost(PRICE, HOUR) - cost(PRICE, 1000)
    expect(credited(stop)).toEqual([{ account: w.renter.address, token: w.usdc, amount: stopRefund }])
    expect((await w.rental(running.id)).status).toBe(Status.Stopped)
    const owed = stopRefund + cost(PRICE, 600) + owedLate
    expect(await w.credit(w.renter.address)).toBe(owed)
    expect(await w.balance(w.renter.address)).toBe(renterBefore)
    await expectRevertWith(
      sendAt(w, t + 1002, w.renter, 'withdraw', [w.usdc], withTokenErrors()),
      'Blacklisted',
      [w.renter.address],
    )
    expect(await w.credit(w.renter.address)).toBe(owed)

    await admin('unBlacklist', [w.renter.address])
    const withdraw = await sendAt(w, t + 1003, w.renter, 'withdraw', [w.usdc])
    expect(marketEvents(withdraw, 'Withdrawn').map((e) => e.args)).toEqual([
      { account: w.renter.address, token: w.usdc, amount: owed },
    ])
    expect(await w.balance(w.renter.address)).toBe(renterBefore + owed)
    expect(await w.credit(w.renter.address)).toBe(0n)
    await expectRevertWith(sendAt(w, t + 1004, w.renter, 'withdraw', [w.usdc]), 'NothingToWithdraw', [w.usdc])
    expect(await w.balance(w.renter.address)).toBe(renterBefore + owed)
  })

  it('a blacklisted provider’s claim is credited and settles; its stake waits for the blacklist to lift', async () => {
    const t = await baseTime(w)
    const {
      offerId,
      startedAt: s,
      id,
    } = await runningRental(w, t, await w.makeOffer({ pricePerHour: PRICE }), 600)
    await admin('blacklist', [w.provider.address])
    const claim = await sendAt(w, s + 700, w.provider, 'claimEarned', [[offerId]])
    expect(credited(claim)).toEqual([
      { account: w.provider.address, token: w.usdc, amount: cost(PRICE, 600) },
    ])
    expect(await w.rental(id)).toMatchObject({ status: Status.Ended, settled: true })
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
    // The stake is paid by transfer, which the token refuses: it stays, and so does the credit.
    await expectRevertWith(
      sendAt(w, s + 701, w.provider, 'withdrawStake', [STAKE], withTokenErrors()),
      'Blacklisted',
      [w.provider.address],
    )
    await expectRevertWith(
      sendAt(w, s + 701, w.provider, 'withdraw', [w.usdc], withTokenErrors()),
      'Blacklisted',
      [w.provider.address],
    )
    await admin('unBlacklist', [w.provider.address])
    const before = await w.balance(w.provider.address)
    await sendAt(w, s + 702, w.provider, 'withdraw', [w.usdc])
    await sendAt(w, s + 703, w.provider, 'withdrawStake', [STAKE])
    expect(await w.balance(w.provider.address)).toBe(before + cost(PRICE, 600) + STAKE)
  })
})

describe('a paused token never blocks a state change', () => {
  it('stop, cancel, decline, finish, claim and settleNoShow all go through, crediting every payout', async () => {
    const t = await baseTime(w)
    const expiresAt = BigInt(t + HOUR)
    const offer = () => w.makeOffer({ pricePerHour: PRICE, expiresAt })
    const stopped = await runningRental(w, t, await offer(), HOUR)
    const finished = await runningRental(w, t + 2, await offer(), HOUR)
    const claimed = await runningRental(w, t + 4, await offer(), HOUR)
    const cancelled = await rentAt(w, t + 6, await offer(), 600)
    const declined = await rentAt(w, t + 7, await offer(), 600)
    const noShow = await rentAt(w, t + 8, await offer(), 600)
    await admin('pause')
    const before = await Promise.all([w.renter, w.provider, w.stranger].map((a) => w.balance(a.address)))
    const marketBefore = await w.balance(w.market)

    const renter = w.renter.address
    const provider = w.provider.address
    const credit = (account: Address, amount: bigint) => [{ account, token: w.usdc, amount }]
    const stop = await sendAt(w, t + 100, w.renter, 'stop', [stopped.id])
    expect(credited(stop)).toEqual(credit(renter, cost(PRICE, HOUR) - cost(PRICE, 99)))
    const finish = await sendAt(w, t + 101, w.provider, 'finish', [finished.offerId])
    expect(credited(finish)).toEqual(credit(renter, cost(PRICE, HOUR) - cost(PRICE, 98)))
    const claim = await sendAt(w, t + 102, w.provider, 'claimEarned', [[claimed.offerId, stopped.offerId]])
    expect(credited(claim)).toEqual(credit(provider, cost(PRICE, 97) + cost(PRICE, 99)))
    const cancel = await sendAt(w, t + 103, w.renter, 'cancel', [cancelled.id])
    expect(credited(cancel)).toEqual(credit(renter, cost(PRICE, 600)))
    const decline = await sendAt(w, t + 104, w.provider, 'decline', [declined.offerId, 2])
    expect(credited(decline)).toEqual(credit(renter, cost(PRICE, 600)))
    const settle = await sendAt(w, t + 8 + 901, w.stranger, 'settleNoShow', [noShow.id])
    expect(credited(settle)).toEqual(credit(renter, cost(PRICE, 600) + cost(PRICE, HOUR)))

    expect((await w.rental(stopped.id)).status).toBe(Status.Stopped)
    expect((await w.rental(finished.id)).status).toBe(Status.Finished)
    expect((await w.rental(cancelled.id)).status).toBe(Status.Cancelled)
    expect((await w.rental(declined.id)).status).toBe(Status.Declined)
    expect((await w.rental(noShow.id)).status).toBe(Status.NoShow)
    // Nothing moved: every payout waits in the market as a credit.
    expect(await Promise.all([w.renter, w.provider, w.stranger].map((a) => w.balance(a.address)))).toEqual(
      before,
    )
    expect(await w.balance(w.market)).toBe(marketBefore)
    const renterOwed =
      2n * cost(PRICE, HOUR) - cost(PRICE, 99) - cost(PRICE, 98) + 3n * cost(PRICE, 600) + cost(PRICE, HOUR)
    const providerOwed = cost(PRICE, 97) + cost(PRICE, 99)
    expect([await w.credit(renter), await w.credit(provider), await w.credit(w.stranger.address)]).toEqual([
      renterOwed,
      providerOwed,
      0n,
    ])

    for (const who of [w.renter, w.provider]) {
      await expectRevertWith(sendAt(w, t + 1000, who, 'withdraw', [w.usdc], withTokenErrors()), 'Paused', [])
    }
    expect(await w.credit(renter)).toBe(renterOwed)
    await admin('unpause')
    await sendAt(w, t + 1001, w.renter, 'withdraw', [w.usdc])
    await sendAt(w, t + 1002, w.provider, 'withdraw', [w.usdc])
    expect(await w.balance(renter)).toBe((before[0] ?? 0n) + renterOwed)
    expect(await w.balance(provider)).toBe((before[1] ?? 0n) + providerOwed)
    expect(await w.balance(w.market)).toBe(marketBefore - renterOwed - providerOwed)
  })

  it('withdraw reverts NothingToWithdraw for an account with no credit, paused or not', async () => {
    await expectRevertWith(w.sendMarket(w.stranger, 'withdraw', [w.usdc]), 'NothingToWithdraw', [w.usdc])
    await admin('pause')
    await expectRevertWith(w.sendMarket(w.stranger, 'withdraw', [w.usdc]), 'NothingToWithdraw', [w.usdc])
  })
})
