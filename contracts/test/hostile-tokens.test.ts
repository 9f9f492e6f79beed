import { type Abi, type Account, type Address, encodeFunctionData, keccak256, maxUint256, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { WeftMarket } from '../../lib/chain/generated'
import { cost } from '../../lib/chain/pricing'
import {
  baseTime,
  deploy,
  expectRevertWith,
  fund,
  isolatedWorld,
  marketWithErrorsOf,
  REENTRANT_CALL_SELECTOR,
  rentAt,
  rentalIdOf,
  runningRental,
  Status,
  sendAt,
  type Target,
} from './fixtures'
import {
  BlacklistToken,
  FeeOnTransferToken,
  NoReturnToken,
  ReentrantToken,
  ReturnsFalseToken,
} from './generated-mocks'
import { expectRevert, HOUR, USDC } from './harness'

const w = isolatedWorld()
const PRICE = 6n * USDC + 7n

/** Deploys a mock token, allowlists it and funds + approves the renter. */
async function hostile(artifact: { abi: Abi; bytecode: `0x${string}` }, fundRenter = true): Promise<Target> {
  const address = await deploy(w, artifact)
  await w.sendMarket(w.deployer, 'setTokenAllowed', [address, true])
  const token = { address, abi: artifact.abi }
  if (fundRenter) await fund(w, token, w.renter, 1000n * USDC)
  return token
}
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
    const { id, startedAt: s } = await runningRental(w, t, await offerIn(token.address), HOUR)
    const pending = await rentAt(w, t + 2, await offerIn(token.address), 600)
    await sendAt(w, t + 3, w.renter, 'cancel', [pending.id])
    await sendAt(w, s + 1500, w.provider, 'claim', [[id]])
    await sendAt(w, s + 2000, w.renter, 'stop', [id])
    await sendAt(w, s + 2001, w.provider, 'claim', [[id]])
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
    const { id, startedAt: s } = await runningRental(w, t, await offerIn(token.address), HOUR)
    await sendAt(w, s + 100, w.renter, 'stop', [id])
    await sendAt(w, s + 101, w.provider, 'claim', [[id]])
    expect(await w.balance(w.renter.address, token.address)).toBe(cost(PRICE, HOUR) - cost(PRICE, 100))
    expect(await w.balance(w.provider.address, token.address)).toBe(cost(PRICE, 100))
  })
})

describe('a token that re-enters the market during a transfer', () => {
  const read = async (token: Target, functionName: 'attackSucceeded' | 'attackResult' | 'attacked') =>
    w.publicClient.readContract({ address: token.address, abi: token.abi, functionName })
  const marketCall = (functionName: string, args: readonly unknown[]) =>
    encodeFunctionData({ abi: WeftMarket.abi as Abi, functionName, args })
  async function arm(token: Target, target: Address, data: `0x${string}`) {
    await w.send(w.deployer, token.address, token.abi, 'setAttack', [target, data])
  }
  /** Any transfer makes the token run its armed call once; this one is 1 unit from the stranger. */
  async function trigger(token: Target, at: number, from: Account = w.stranger) {
    await sendAt(w, at, from, 'transfer', [w.deployer.address, 1n], token)
  }
  async function expectBlocked(token: Target) {
    expect(await read(token, 'attacked')).toBe(true)
    expect(await read(token, 'attackSucceeded')).toBe(false)
    expect(await read(token, 'attackResult')).toBe(REENTRANT_CALL_SELECTOR)
  }

  it('a token that is itself the renter cannot stop in the middle of the provider’s claim', async () => {
    const token = await hostile(ReentrantToken, false)
    await w.send(w.stranger, token.address, token.abi, 'mint', [w.stranger.address, 10n])
    await w.send(w.stranger, token.address, token.abi, 'mint', [token.address, 100n * USDC])
    const t = await baseTime(w)
    // Make the token contract approve the market and rent, outside any market call: it is now the renter.
    await arm(
      token,
      token.address,
      encodeFunctionData({ abi: token.abi, functionName: 'approve', args: [w.market, maxUint256] }),
    )
    await trigger(token, t)
    const offer = await offerIn(token.address, { expiresAt: BigInt(t + HOUR) })
    await arm(
      token,
      w.market,
      marketCall('rent', [offer, await w.sign(offer), HOUR, keccak256(toHex('job'))]),
    )
    await trigger(token, t + 1)
    expect(await read(token, 'attackSucceeded')).toBe(true)
    const rentalId = rentalIdOf(offer.provider, offer.offerId)
    expect((await w.rental(rentalId)).renter).toBe(token.address)
    await sendAt(w, t + 2, w.provider, 'start', [rentalId])

    await arm(token, w.market, marketCall('stop', [rentalId]))
    await sendAt(w, t + 2 + 600, w.provider, 'claim', [[rentalId]])
    await expectBlocked(token)
    expect(await w.balance(w.provider.address, token.address)).toBe(cost(PRICE, 600))
    expect((await w.rental(rentalId)).status).toBe(Status.Running)

    // The same stop outside a transfer is legitimate and settles exactly.
    await arm(token, w.market, marketCall('stop', [rentalId]))
    await trigger(token, t + 2 + 1000)
    expect(await read(token, 'attackSucceeded')).toBe(true)
    await sendAt(w, t + 2 + 1001, w.provider, 'claim', [[rentalId]])
    expect(await w.balance(w.provider.address, token.address)).toBe(cost(PRICE, 1000))
    expect(await w.balance(token.address, token.address)).toBe(100n * USDC - cost(PRICE, 1000))
    expect(await w.balance(w.market, token.address)).toBe(0n)
  })

  it('re-entering claim during a stop refund, or cancel during a cancel refund, is blocked', async () => {
    const token = await hostile(ReentrantToken)
    await w.send(w.stranger, token.address, token.abi, 'mint', [w.stranger.address, 10n])
    const t = await baseTime(w)
    const { id, startedAt: s } = await runningRental(w, t, await offerIn(token.address), HOUR)
    const pending = await rentAt(w, t + 2, await offerIn(token.address), 600)

    await arm(token, w.market, marketCall('claim', [[id]]))
    await sendAt(w, s + 700, w.renter, 'stop', [id])
    await expectBlocked(token)
    await arm(token, w.market, marketCall('cancel', [pending.id]))
    await sendAt(w, s + 701, w.renter, 'cancel', [pending.id]) // still within its start window
    await expectBlocked(token)
    await sendAt(w, s + 800, w.provider, 'claim', [[id]])
    expect(await w.balance(w.provider.address, token.address)).toBe(cost(PRICE, 700))
    expect(await w.balance(w.renter.address, token.address)).toBe(1000n * USDC - cost(PRICE, 700))
    expect(await w.balance(w.market, token.address)).toBe(0n)
  })
})

describe('a party that cannot receive (blacklisted) cannot lock the other party’s money', () => {
  const withErrors = () => marketWithErrorsOf(w, BlacklistToken.abi as Abi)
  const blacklist = (token: Target, who: Address) =>
    w.send(w.deployer, token.address, token.abi, 'setBlacklisted', [who, true])

  it('a blacklisted provider cannot block the renter’s stop refund or cancel', async () => {
    const token = await hostile(BlacklistToken)
    const t = await baseTime(w)
    const { id, startedAt: s } = await runningRental(w, t, await offerIn(token.address), HOUR)
    const pending = await rentAt(w, t + 2, await offerIn(token.address), HOUR)
    await blacklist(token, w.provider.address)
    await sendAt(w, s + 500, w.renter, 'stop', [id])
    const usdcBefore = await w.balance(w.renter.address)
    await sendAt(w, s + 2000, w.renter, 'cancel', [pending.id]) // after the window; not the stake token
    expect(await w.balance(w.renter.address, token.address)).toBe(1000n * USDC - cost(PRICE, 500))
    // Refunded in full in its own token; the USDC stake compensates only rentals paid in USDC.
    expect(await w.balance(w.renter.address)).toBe(usdcBefore)
    // The provider's own claim fails (their problem); their pay stays in escrow for later.
    await expectRevert(sendAt(w, s + 2001, w.provider, 'claim', [[id]], withErrors()), 'Blacklisted')
    expect(await w.balance(w.market, token.address)).toBe(cost(PRICE, 500))
  })

  it('a blacklisted renter cannot block the provider’s claim, running or stopped', async () => {
    const token = await hostile(BlacklistToken)
    const t = await baseTime(w)
    const a = await runningRental(w, t, await offerIn(token.address), HOUR)
    const b = await runningRental(w, t + 2, await offerIn(token.address), HOUR)
    await sendAt(w, b.startedAt + 300, w.renter, 'stop', [b.id])
    await blacklist(token, w.renter.address)
    await expectRevert(sendAt(w, a.startedAt + 400, w.renter, 'stop', [a.id], withErrors()), 'Blacklisted')
    await sendAt(w, a.startedAt + 1000, w.provider, 'claim', [[a.id, b.id]])
    expect(await w.balance(w.provider.address, token.address)).toBe(cost(PRICE, 1000) + cost(PRICE, 300))
    await sendAt(w, a.startedAt + 5 * HOUR, w.provider, 'claim', [[a.id]])
    expect(await w.balance(w.provider.address, token.address)).toBe(cost(PRICE, HOUR) + cost(PRICE, 300))
    expect(await w.balance(w.market, token.address)).toBe(0n)
  })
})
