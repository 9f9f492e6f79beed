/**
 * stop, decline, finish, claim, rent, cancel and settleNoShow take no reentrancy lock: each writes
 * its state before any transfer. These tests arm a token that, on its next transfer, calls back into
 * the market (as itself), and check what matters: nobody is paid twice and the books still balance.
 */
import { type Abi, type Address, decodeErrorResult, encodeFunctionData, type Hex, maxUint256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { WeftMarket } from '../../lib/chain/generated'
import { cost } from '../../lib/chain/pricing'
import {
  baseTime,
  hostileToken,
  isolatedWorld,
  providerOf,
  rentAt,
  rentalIdOf,
  runningRental,
  Status,
  sendAt,
  type Target,
} from './fixtures'
import { ReentrantToken } from './generated-mocks'
import { HOUR, randomSealedSpec, USDC } from './harness'

const w = isolatedWorld()
const PRICE = 6n * USDC + 7n

const read = async (token: Target, functionName: 'attackSucceeded' | 'attackResult' | 'attacked') =>
  w.publicClient.readContract({ address: token.address, abi: token.abi, functionName })
const marketCall = (functionName: string, args: readonly unknown[]) =>
  encodeFunctionData({ abi: WeftMarket.abi as Abi, functionName, args })
const offerIn = (token: Address, extra = {}) => w.makeOffer({ token, pricePerHour: PRICE, ...extra })

/** On its next transfer the token calls `target` with `data`, once. */
async function arm(token: Target, target: Address, data: Hex) {
  await w.send(w.deployer, token.address, token.abi, 'setAttack', [target, data])
}
/** A transfer of 1 unit from the stranger, to fire an armed call outside any market call. */
async function trigger(token: Target, at: number) {
  await sendAt(w, at, w.stranger, 'transfer', [w.deployer.address, 1n], token)
}
/** The armed call ran, and failed with the market's `errorName(args)`. */
async function expectRefused(token: Target, errorName: string, args: readonly unknown[]) {
  expect(await read(token, 'attacked')).toBe(true)
  expect(await read(token, 'attackSucceeded')).toBe(false)
  const error = decodeErrorResult({ abi: WeftMarket.abi, data: (await read(token, 'attackResult')) as Hex })
  expect({ errorName: error.errorName, args: error.args }).toEqual({ errorName, args })
}
async function expectRan(token: Target) {
  expect(await read(token, 'attacked')).toBe(true)
  expect(await read(token, 'attackSucceeded')).toBe(true)
}
const balance = (who: Address, token: Target) => w.balance(who, token.address)

/** A re-entering token funded for the renter and the stranger, and holding tokens itself. */
async function reentrantToken() {
  const token = await hostileToken(w, ReentrantToken)
  await w.send(w.stranger, token.address, token.abi, 'mint', [w.stranger.address, 10n])
  await w.send(w.stranger, token.address, token.abi, 'mint', [token.address, 100n * USDC])
  return token
}

/** Makes the token contract itself rent `offer` (it approves the market first): it is then the renter. */
async function tokenRents(
  token: Target,
  t: number,
  offer: Awaited<ReturnType<typeof offerIn>>,
  duration: number,
) {
  const approve = encodeFunctionData({
    abi: token.abi,
    functionName: 'approve',
    args: [w.market, maxUint256],
  })
  await arm(token, token.address, approve)
  await trigger(token, t)
  await arm(token, w.market, marketCall('rent', [offer, await w.sign(offer), duration, randomSealedSpec()]))
  await trigger(token, t + 1)
  await expectRan(token)
  const id = rentalIdOf(offer.provider, offer.offerId)
  w.remember(id, offer.offerId)
  expect((await w.rental(id)).renter).toBe(token.address)
  return id
}

describe('a token that re-enters the market during a payout or a pull', () => {
  it('the renter stopping in the middle of the provider’s claim: each side is paid exactly once', async () => {
    const token = await reentrantToken()
    const t = await baseTime(w)
    const id = await tokenRents(token, t, await offerIn(token.address, { expiresAt: BigInt(t + HOUR) }), HOUR)
    const offerId = w.offerIdOf(id)
    await sendAt(w, t + 2, w.provider, 'start', [offerId])
    const held = await balance(token.address, token)

    await arm(token, w.market, marketCall('stop', [id]))
    await sendAt(w, t + 2 + 600, w.provider, 'claimEarned', [[offerId]])
    await expectRan(token) // the stop went through, mid-claim
    expect(await balance(w.provider.address, token)).toBe(cost(PRICE, 600))
    expect(await balance(token.address, token)).toBe(held + cost(PRICE, HOUR) - cost(PRICE, 600))
    expect(await w.rental(id)).toMatchObject({ status: Status.Stopped, duration: 600, paidSeconds: 600 })
    expect(await balance(w.market, token)).toBe(0n)

    // The next claim settles it with nothing more to pay.
    await sendAt(w, t + 2 + 601, w.provider, 'claimEarned', [[offerId]])
    expect(await balance(w.provider.address, token)).toBe(cost(PRICE, 600))
    expect(await w.rental(id)).toMatchObject({ settled: true })
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
  })

  it('the renter cancelling another rental during a decline refund: both refunded once, both settle', async () => {
    const token = await reentrantToken()
    const t = await baseTime(w)
    const a = await tokenRents(token, t, await offerIn(token.address, { expiresAt: BigInt(t + HOUR) }), HOUR)
    const b = await tokenRents(
      token,
      t + 2,
      await offerIn(token.address, { expiresAt: BigInt(t + HOUR) }),
      600,
    )
    const held = await balance(token.address, token)

    await arm(token, w.market, marketCall('cancel', [a]))
    await sendAt(w, t + 10, w.provider, 'decline', [w.offerIdOf(b), 3])
    await expectRan(token)
    expect(await balance(token.address, token)).toBe(held + cost(PRICE, HOUR) + cost(PRICE, 600))
    expect(await balance(w.market, token)).toBe(0n)
    expect((await w.rental(a)).status).toBe(Status.Cancelled)
    expect((await w.rental(b)).status).toBe(Status.Declined)

    // Neither can be refunded again, by anyone.
    await arm(token, w.market, marketCall('cancel', [a]))
    await trigger(token, t + 11)
    await expectRefused(token, 'WrongStatus', [a, Status.Cancelled])
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(2)
    await sendAt(w, t + 12, w.provider, 'claimEarned', [[w.offerIdOf(a), w.offerIdOf(b)]])
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
    expect(await balance(w.provider.address, token)).toBe(0n)
    expect(await balance(w.market, token)).toBe(0n)
  })

  it('settling a no-show again from inside its own refund fails; the renter is refunded once', async () => {
    const token = await reentrantToken()
    const t = await baseTime(w)
    const { id } = await rentAt(w, t, await offerIn(token.address), HOUR)
    const before = await balance(w.renter.address, token)
    await arm(token, w.market, marketCall('settleNoShow', [id]))
    await sendAt(w, t + 901, w.stranger, 'settleNoShow', [id])
    await expectRefused(token, 'WrongStatus', [id, Status.NoShow])
    // Not the stake token, so no compensation: exactly the deposit, once.
    expect(await balance(w.renter.address, token)).toBe(before + cost(PRICE, HOUR))
    expect(await balance(w.market, token)).toBe(0n)
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
  })

  it('the renter stopping from inside the provider’s finish refund finds it finished', async () => {
    const token = await reentrantToken()
    const t = await baseTime(w)
    const id = await tokenRents(token, t, await offerIn(token.address, { expiresAt: BigInt(t + HOUR) }), HOUR)
    await sendAt(w, t + 2, w.provider, 'start', [w.offerIdOf(id)])
    const held = await balance(token.address, token)
    await arm(token, w.market, marketCall('stop', [id]))
    await sendAt(w, t + 2 + 1000, w.provider, 'finish', [w.offerIdOf(id)])
    await expectRefused(token, 'WrongStatus', [id, Status.Finished])
    expect(await balance(token.address, token)).toBe(held + cost(PRICE, HOUR) - cost(PRICE, 1000))
    await sendAt(w, t + 2 + 1001, w.provider, 'claimEarned', [[w.offerIdOf(id)]])
    expect(await balance(w.provider.address, token)).toBe(cost(PRICE, 1000))
    expect(await balance(w.market, token)).toBe(0n)
  })

  it('re-renting the same offer from inside the deposit pull finds it already used', async () => {
    const token = await reentrantToken()
    const t = await baseTime(w)
    const approve = encodeFunctionData({
      abi: token.abi,
      functionName: 'approve',
      args: [w.market, maxUint256],
    })
    await arm(token, token.address, approve)
    await trigger(token, t)
    const offer = await offerIn(token.address, { expiresAt: BigInt(t + HOUR) })
    const id = rentalIdOf(offer.provider, offer.offerId)
    await arm(token, w.market, marketCall('rent', [offer, await w.sign(offer), HOUR, randomSealedSpec()]))
    const before = await balance(w.renter.address, token)
    const held = await balance(token.address, token)
    await rentAt(w, t + 1, offer, HOUR)
    await expectRefused(token, 'OfferAlreadyUsed', [id])
    expect(await balance(w.renter.address, token)).toBe(before - cost(PRICE, HOUR))
    expect(await balance(token.address, token)).toBe(held)
    expect(await balance(w.market, token)).toBe(cost(PRICE, HOUR))
    expect((await w.rental(id)).renter).toBe(w.renter.address)
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(1)
  })

  it('a running rental’s refund re-entering claim as the token reaches nothing of the provider’s', async () => {
    const token = await reentrantToken()
    const t = await baseTime(w)
    const { id, offerId, startedAt } = await runningRental(w, t, await offerIn(token.address), HOUR)
    await arm(token, w.market, marketCall('claimEarned', [[offerId]]))
    await sendAt(w, startedAt + 700, w.renter, 'stop', [id])
    await expectRan(token) // a claim by the token names its own (non-existent) rental: a no-op
    expect(await balance(w.provider.address, token)).toBe(0n)
    expect(await w.rental(id)).toMatchObject({ status: Status.Stopped, paidSeconds: 0, settled: false })
    await sendAt(w, startedAt + 800, w.provider, 'claimEarned', [[offerId]])
    expect(await balance(w.provider.address, token)).toBe(cost(PRICE, 700))
    expect(await balance(w.renter.address, token)).toBe(1000n * USDC - cost(PRICE, 700))
    expect(await balance(w.market, token)).toBe(0n)
  })
})
