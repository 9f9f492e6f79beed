import { getAddress, keccak256, maxUint96, maxUint256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { TestUSDC, WeftMarket } from '../../lib/chain/generated'
import { cost } from '../../lib/chain/pricing'
import {
  accruedOf,
  baseTime,
  deploy,
  expectRevertWith,
  isolatedWorld,
  marketEvents,
  rentAt,
  rentalIdOf,
  Status,
} from './fixtures'
import { expectRevert, HOUR, randomSealedSpec, USDC } from './harness'

const w = isolatedWorld()
const MAX_SEALED_SPEC_BYTES = 32 * 1024

describe('rent', () => {
  it('escrows exactly the deposit and records a pending rental', async () => {
    const t = await baseTime(w)
    const price = 2n * USDC + 333n
    const offer = await w.makeOffer({ pricePerHour: price })
    const renterBefore = await w.balance(w.renter.address)
    const marketBefore = await w.balance(w.market)
    const sealedSpec = randomSealedSpec(517)
    const { id, receipt } = await rentAt(w, t, offer, 5000, { sealedSpec })
    const deposit = cost(price, 5000)
    expect(await w.balance(w.renter.address)).toBe(renterBefore - deposit)
    expect(await w.balance(w.market)).toBe(marketBefore + deposit)
    expect(await w.rental(id)).toEqual({
      renter: w.renter.address,
      provider: w.provider.address,
      token: getAddress(w.usdc),
      pricePerHour: price,
      createdAt: t,
      startedAt: 0,
      endsAt: 0,
      duration: 5000,
      maxDuration: 24 * HOUR,
      paidSeconds: 0,
      deposit,
      paid: 0n,
      status: Status.Pending,
      settled: false,
    })
    expect(marketEvents(receipt, 'Rented')[0]?.args).toEqual({
      id,
      renter: w.renter.address,
      provider: w.provider.address,
      offerId: offer.offerId,
      token: getAddress(w.usdc),
      pricePerHour: price,
      duration: 5000,
      gpuModel: offer.gpuModel,
      gpuCount: offer.gpuCount,
      vramMiB: offer.vramMiB,
      sealedSpec,
    })
    expect(await accruedOf(w, id)).toEqual({ total: 0n, claimable: 0n })
  })

  it('carries the sealed spec in Rented byte for byte, so keccak256 of it is the jobSpecHash', async () => {
    const t = await baseTime(w)
    for (const [i, sealedSpec] of [
      '0x00',
      randomSealedSpec(1),
      `0x${'00'.repeat(40)}ff`,
      randomSealedSpec(MAX_SEALED_SPEC_BYTES),
    ].entries()) {
      const offer = await w.makeOffer({ expiresAt: BigInt(t + HOUR) })
      const { receipt } = await rentAt(w, t + i, offer, HOUR, { sealedSpec: sealedSpec as `0x${string}` })
      const [event] = marketEvents(receipt, 'Rented')
      expect(event?.args.sealedSpec).toBe(sealedSpec)
      expect(keccak256(event?.args.sealedSpec as `0x${string}`)).toBe(keccak256(sealedSpec as `0x${string}`))
    }
  })

  it('rejects an empty or oversized sealed spec with InvalidSealedSpec(length), taking nothing', async () => {
    const before = await w.balance(w.renter.address)
    const offer = await w.makeOffer()
    await expectRevertWith(w.rent(offer, HOUR, w.renter, undefined, '0x'), 'InvalidSealedSpec', [0n])
    const tooLong = randomSealedSpec(MAX_SEALED_SPEC_BYTES + 1)
    await expectRevertWith(w.rent(offer, HOUR, w.renter, undefined, tooLong), 'InvalidSealedSpec', [
      BigInt(MAX_SEALED_SPEC_BYTES + 1),
    ])
    expect(await w.balance(w.renter.address)).toBe(before)
    const max = await w.publicClient.readContract({
      address: w.market,
      abi: WeftMarket.abi,
      functionName: 'MAX_SEALED_SPEC_BYTES',
    })
    expect(max).toBe(BigInt(MAX_SEALED_SPEC_BYTES))
    // The offer was not used up by the failed attempts.
    const { id } = await w.rent(offer, HOUR, w.renter, undefined, randomSealedSpec(1))
    expect((await w.rental(id)).status).toBe(Status.Pending)
  })

  it('accepts the offer up to and including expiresAt, then OfferExpired', async () => {
    const t = await baseTime(w)
    const expiresAt = BigInt(t + 50)
    await rentAt(w, t + 50, await w.makeOffer({ expiresAt }), HOUR)
    const late = await w.makeOffer({ expiresAt })
    await expectRevertWith(rentAt(w, t + 51, late, HOUR), 'OfferExpired', [expiresAt])
  })

  it('enforces duration bounds: 0, below min and above max revert; min and max work', async () => {
    const offer = await w.makeOffer({ minDuration: 60, maxDuration: 2 * HOUR })
    for (const duration of [0, 59, 2 * HOUR + 1]) {
      await expectRevertWith(w.rent(offer, duration), 'DurationOutOfRange', [duration, 60, 2 * HOUR])
    }
    const zeroMin = await w.makeOffer({ minDuration: 0 })
    await expectRevertWith(w.rent(zeroMin, 0), 'DurationOutOfRange', [0, 0, 24 * HOUR])
    await w.rent(offer, 60)
    const { id } = await w.rent(await w.makeOffer({ minDuration: 60, maxDuration: 2 * HOUR }), 2 * HOUR)
    expect((await w.rental(id)).deposit).toBe(cost(offer.pricePerHour, 2 * HOUR))
  })

  it('rejects prices above uint96 (so price × duration cannot overflow) and accepts uint96 max', async () => {
    const tooHigh = await w.makeOffer({ pricePerHour: maxUint96 + 1n })
    await expectRevertWith(w.rent(tooHigh, HOUR), 'PriceTooHigh', [maxUint96 + 1n])
    const tenYears = 3650 * 24 * HOUR // the longest rental the contract accepts
    const absurd = await w.makeOffer({ pricePerHour: maxUint256, maxDuration: tenYears })
    await expectRevertWith(w.rent(absurd, tenYears), 'PriceTooHigh', [maxUint256])

    const max = await w.makeOffer({ pricePerHour: maxUint96 })
    const deposit = cost(maxUint96, 24 * HOUR)
    await w.send(w.renter, w.usdc, TestUSDC.abi, 'mint', [w.renter.address, deposit])
    const before = await w.balance(w.renter.address)
    const { id } = await w.rent(max, 24 * HOUR)
    expect(await w.balance(w.renter.address)).toBe(before - deposit)
    expect((await w.rental(id)).deposit).toBe(deposit)
  })

  it('rejects a deposit that rounds to zero (ZeroDeposit) and takes exactly 1 unit at the threshold', async () => {
    const offer = await w.makeOffer({ pricePerHour: 1n, minDuration: 1 })
    await expectRevert(w.rent(offer, HOUR - 1), 'ZeroDeposit')
    const before = await w.balance(w.renter.address)
    await w.rent(offer, HOUR)
    expect(await w.balance(w.renter.address)).toBe(before - 1n)
  })

  it('rejects tokens not allowlisted, unregistered providers, bad signatures and reuse', async () => {
    const other = await deploy(w, TestUSDC)
    await expectRevertWith(w.rent(await w.makeOffer({ token: other }), HOUR), 'TokenNotAllowed', [other])

    const unregistered = await w.makeOffer({ provider: w.stranger.address })
    const sig = await w.sign(unregistered, w.stranger)
    await expectRevertWith(w.rent(unregistered, HOUR, w.renter, sig), 'NotRegistered', [w.stranger.address])

    const offer = await w.makeOffer()
    await expectRevert(w.rent(offer, HOUR, w.renter, `0x${'00'.repeat(65)}`), 'InvalidSignature')
    await expectRevert(w.rent(offer, HOUR, w.renter, '0x'), 'InvalidSignature')

    const { id } = await w.rent(offer, HOUR)
    const before = await w.balance(w.stranger.address)
    await expectRevertWith(w.rent(offer, HOUR, w.stranger), 'OfferAlreadyUsed', [id])
    await expectRevertWith(w.rent(offer, HOUR), 'OfferAlreadyUsed', [id])
    expect(await w.balance(w.stranger.address)).toBe(before)
    expect((await w.rental(id)).renter).toBe(w.renter.address)
  })
})

describe('cancelOffer', () => {
  it('makes an unfilled offer unfillable, once; strangers cannot cancel it', async () => {
    const offer = await w.makeOffer()
    const id = rentalIdOf(w.provider.address, offer.offerId)
    // The id is bound to the caller: a stranger "cancelling" the same offerId changes nothing.
    await w.sendMarket(w.stranger, 'cancelOffer', [offer.offerId])
    const receipt = await w.sendMarket(w.provider, 'cancelOffer', [offer.offerId])
    expect(marketEvents(receipt, 'OfferCancelled')[0]?.args).toEqual({
      provider: w.provider.address,
      offerId: offer.offerId,
      id,
    })
    await expectRevertWith(w.rent(offer, HOUR), 'OfferAlreadyUsed', [id])
    await expectRevertWith(w.sendMarket(w.provider, 'cancelOffer', [offer.offerId]), 'OfferAlreadyUsed', [id])
    const view = await w.rental(id)
    expect([view.status, view.provider, view.deposit]).toEqual([
      Status.OfferCancelled,
      w.provider.address,
      0n,
    ])
    expect(await accruedOf(w, id)).toEqual({ total: 0n, claimable: 0n })
    await expectRevertWith(w.sendMarket(w.renter, 'cancel', [id]), 'NotRenter', [id])
    await expectRevertWith(w.sendMarket(w.provider, 'start', [offer.offerId]), 'WrongStatus', [
      id,
      Status.OfferCancelled,
    ])
  })

  it('cannot cancel an offer that was already filled', async () => {
    const offer = await w.makeOffer()
    const { id } = await w.rent(offer, HOUR)
    await expectRevertWith(w.sendMarket(w.provider, 'cancelOffer', [offer.offerId]), 'OfferAlreadyUsed', [id])
    expect((await w.rental(id)).status).toBe(Status.Pending)
  })
})
