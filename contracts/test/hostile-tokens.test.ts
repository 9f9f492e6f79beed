import { type Abi, type Address, maxUint256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { cost } from '../../lib/chain/pricing'
import {
  baseTime,
  expectRevertWith,
  hostileToken,
  isolatedWorld,
  marketEvents,
  marketWithErrorsOf,
  providerOf,
  rentAt,
  runningRental,
  sendAt,
  type Target,
} from './fixtures'
import { BlacklistToken, FeeOnTransferToken, NoReturnToken, ReturnsFalseToken } from './generated-mocks'
import { expectRevert, HOUR, USDC } from './harness'

const w = isolatedWorld()
const PRICE = 6n * USDC + 7n

const hostile = (artifact: { abi: Abi; bytecode: `0x${string}` }, fundRenter = true) =>
  hostileToken(w, artifact, fundRenter)
const offerIn = (token: Address, extra = {}) => w.makeOffer({ token, pricePerHour: PRICE, ...extra })

describe('tokens that do not behave like plain ERC-20', () => {
  it('fee-on-transfer: rent reverts TransferMismatch and nothing is taken', async () => {
    const token = await hostile(FeeOnTransferToken)
    const deposit = cost(PRICE, HOUR)
    await expectRevertWith(w.rent(await offerIn(token.address), HOUR), 'TransferMismatch', [
      deposit,
      deposit - deposit / 100n,
    ])
    expect(await w.balance(w.renter.address, token.address)).toBe(1000n * USDC)
  })

  it('no return value (USDT-like): the whole lifecycle works with exact amounts', async () => {
    const token = await hostile(NoReturnToken)
    const t = await baseTime(w)
    const { id, offerId, startedAt: s } = await runningRental(w, t, await offerIn(token.address), HOUR)
    const pending = await rentAt(w, t + 2, await offerIn(token.address), 600)
    await sendAt(w, t + 3, w.renter, 'cancel', [pending.id])
    await sendAt(w, s + 1500, w.provider, 'claimEarned', [[offerId]])
    await sendAt(w, s + 2000, w.renter, 'stop', [id])
    await sendAt(w, s + 2001, w.provider, 'claimEarned', [[offerId, pending.offerId]])
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
    expect(await w.balance(w.provider.address, token.address)).toBe(cost(PRICE, 2000))
    expect(await w.balance(w.renter.address, token.address)).toBe(1000n * USDC - cost(PRICE, 2000))
    expect(await w.balance(w.market, token.address)).toBe(0n)
  })

  it('returns false instead of reverting: SafeERC20FailedOperation when the pull fails, exact when it works', async () => {
    const token = await hostile(ReturnsFalseToken, false)
    await expectRevertWith(w.rent(await offerIn(token.address), HOUR), 'SafeERC20FailedOperation', [
      token.address,
    ])
    await w.send(w.renter, token.address, token.abi, 'mint', [w.renter.address, cost(PRICE, HOUR) - 1n])
    await w.send(w.renter, token.address, token.abi, 'approve', [w.market, maxUint256])
    await expectRevertWith(w.rent(await offerIn(token.address), HOUR), 'SafeERC20FailedOperation', [
      token.address,
    ])
    await w.send(w.renter, token.address, token.abi, 'mint', [w.renter.address, 1n])
    const t = await baseTime(w)
    const { id, offerId, startedAt: s } = await runningRental(w, t, await offerIn(token.address), HOUR)
    await sendAt(w, s + 100, w.renter, 'stop', [id])
    await sendAt(w, s + 101, w.provider, 'claimEarned', [[offerId]])
    expect(await w.balance(w.renter.address, token.address)).toBe(cost(PRICE, HOUR) - cost(PRICE, 100))
    expect(await w.balance(w.provider.address, token.address)).toBe(cost(PRICE, 100))
  })
})

describe('a party that cannot receive (blacklisted) cannot lock the other party’s money', () => {
  const withErrors = () => marketWithErrorsOf(w, BlacklistToken.abi as Abi)
  const blacklist = (token: Target, who: Address) =>
    w.send(w.deployer, token.address, token.abi, 'setBlacklisted', [who, true])

  it('a blacklisted provider cannot block the renter’s stop refund or cancel; its claim is credited', async () => {
    const token = await hostile(BlacklistToken)
    const t = await baseTime(w)
    const { id, offerId, startedAt: s } = await runningRental(w, t, await offerIn(token.address), HOUR)
    const pending = await rentAt(w, t + 2, await offerIn(token.address), HOUR)
    await blacklist(token, w.provider.address)
    await sendAt(w, s + 500, w.renter, 'stop', [id])
    const usdcBefore = await w.balance(w.renter.address)
    await sendAt(w, s + 2000, w.renter, 'cancel', [pending.id]) // after the window; not the stake token
    expect(await w.balance(w.renter.address, token.address)).toBe(1000n * USDC - cost(PRICE, 500))
    // Refunded in full in its own token; the USDC stake compensates only rentals paid in USDC.
    expect(await w.balance(w.renter.address)).toBe(usdcBefore)
    // The provider's claim settles the rental and credits its pay, since the token refuses it.
    const claim = await sendAt(w, s + 2001, w.provider, 'claimEarned', [[offerId]])
    expect(marketEvents(claim, 'Credited').map((e) => e.args)).toEqual([
      { account: w.provider.address, token: token.address, amount: cost(PRICE, 500) },
    ])
    expect(await w.rental(id)).toMatchObject({ settled: true, paidSeconds: 500 })
    expect(await w.credit(w.provider.address, token.address)).toBe(cost(PRICE, 500))
    expect(await w.balance(w.market, token.address)).toBe(cost(PRICE, 500))
    await expectRevert(
      sendAt(w, s + 2002, w.provider, 'withdraw', [token.address], withErrors()),
      'Blacklisted',
    )
    await w.send(w.deployer, token.address, token.abi, 'setBlacklisted', [w.provider.address, false])
    await sendAt(w, s + 2003, w.provider, 'withdraw', [token.address])
    expect(await w.balance(w.provider.address, token.address)).toBe(cost(PRICE, 500))
    expect(await w.balance(w.market, token.address)).toBe(0n)
  })

  it('a blacklisted renter cannot block the provider’s claim; its own refund is credited', async () => {
    const token = await hostile(BlacklistToken)
    const t = await baseTime(w)
    const a = await runningRental(w, t, await offerIn(token.address), HOUR)
    const b = await runningRental(w, t + 2, await offerIn(token.address), HOUR)
    await sendAt(w, b.startedAt + 300, w.renter, 'stop', [b.id])
    await blacklist(token, w.renter.address)
    const stop = await sendAt(w, a.startedAt + 400, w.renter, 'stop', [a.id])
    const refund = cost(PRICE, HOUR) - cost(PRICE, 400)
    expect(marketEvents(stop, 'Credited').map((e) => e.args)).toEqual([
      { account: w.renter.address, token: token.address, amount: refund },
    ])
    expect(await w.credit(w.renter.address, token.address)).toBe(refund)
    await sendAt(w, a.startedAt + 1000, w.provider, 'claimEarned', [[a.offerId, b.offerId]])
    expect(await w.balance(w.provider.address, token.address)).toBe(cost(PRICE, 400) + cost(PRICE, 300))
    expect(await w.balance(w.market, token.address)).toBe(refund)
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
  })
})
