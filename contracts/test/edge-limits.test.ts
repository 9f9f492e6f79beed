/**
 * Edges found while writing the functional and security suite: rentals near the uint32 time limit,
 * and cancellation compensation when a rental is paid in a token other than the stake token.
 */
import { type Abi, type BaseError, ContractFunctionRevertedError } from 'viem'
import { describe, expect, it } from 'vitest'
import { cost } from '../../lib/chain/pricing'
import {
  baseTime,
  deploy,
  fund,
  isolatedWorld,
  providerOf,
  rentAt,
  rentalIdOf,
  runningRental,
  Status,
  sendAt,
} from './fixtures'
import { BlacklistToken } from './generated-mocks'
import { expectRevert, HOUR, USDC } from './harness'

const w = isolatedWorld()

describe('long durations', () => {
  // Rental times are uint32 seconds, so `rent` caps durations at MAX_DURATION (ten years) with a named
  // error instead of accepting a rental whose `start` would overflow.
  it('a rental that rent accepts can be started', async () => {
    const t = await baseTime(w)
    const longest = 0xffffffff
    const offer = await w.makeOffer({ pricePerHour: 1n, minDuration: 1, maxDuration: longest })
    let rented = true
    try {
      await rentAt(w, t, offer, longest)
    } catch (error) {
      rented = false
      const revert = (error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError)
      expect((revert as ContractFunctionRevertedError | null)?.data?.errorName, 'a named error').toBe(
        'DurationOutOfRange',
      )
    }
    if (rented) {
      const id = rentalIdOf(offer.provider, offer.offerId)
      await sendAt(w, t + 1, w.provider, 'start', [offer.offerId])
      expect((await w.rental(id)).status).toBe(Status.Running)
    }
  })

  // Likewise `extend` stops at MAX_DURATION, so `getRental` (endsAt = since + duration) stays readable.
  it('extend stops at the ten-year cap and the rental stays readable', async () => {
    const t = await baseTime(w)
    const longest = 0xffffffff
    const offer = await w.makeOffer({ pricePerHour: 1n, minDuration: 1, maxDuration: longest })
    const { id } = await runningRental(w, t, offer, HOUR)
    const cap = 3650 * 24 * HOUR
    await expectRevert(sendAt(w, t + 2, w.renter, 'extend', [id, longest - HOUR]), 'ExceedsMaxDuration')
    await sendAt(w, t + 3, w.renter, 'extend', [id, cap - HOUR])
    const view = await w.rental(id)
    expect([view.status, view.duration, view.deposit]).toEqual([Status.Running, cap, cost(1n, cap)])
  })
})

describe('compensation across payment tokens', () => {
  // The no-show compensation is cost(pricePerHour, compensationSeconds) paid out of the stake, which is
  // in the stake token; for a rental in another token (here an 18-decimal ERC-20 next to 6-decimal USDC)
  // that amount is in other units, so such rentals are refunded in full without compensation rather
  // than taking the provider's whole stake. (BlacklistToken is a plain 18-decimal ERC-20 here.)
  it('a no-show on a rental in another token refunds in full and leaves the stake alone', async () => {
    const token = await deploy(w, BlacklistToken)
    const decimals = await w.publicClient.readContract({
      address: token,
      abi: BlacklistToken.abi,
      functionName: 'decimals',
    })
    expect(decimals).toBe(18)
    await w.sendMarket(w.deployer, 'setTokenAllowed', [token, true])
    await fund(w, { address: token, abi: BlacklistToken.abi as Abi }, w.renter, 10n ** 21n)
    const t = await baseTime(w)
    const price = 2n * 10n ** 18n // 2 tokens per hour
    const { id } = await rentAt(w, t, await w.makeOffer({ token, pricePerHour: price }), HOUR)
    await sendAt(w, t + 901, w.renter, 'cancel', [id])
    expect(await w.rental(id)).toMatchObject({ status: Status.Cancelled, settled: true })
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
    const lost = 1000n * USDC - (await providerOf(w, w.provider.address)).stake
    expect(cost(price, HOUR)).toBe(price) // what the contract takes, in the wrong unit
    expect(lost).toBe(0n)
  })
})
