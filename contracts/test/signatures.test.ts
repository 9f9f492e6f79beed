import { type Abi, type Address, encodeFunctionData, keccak256, maxUint256, toHex } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { TestUSDC, WeftMarket } from '../../lib/chain/generated'
import { type Offer, offerTypes } from '../../lib/chain/offer-typed-data'
import { cost } from '../../lib/chain/pricing'
import {
  baseTime,
  deploy,
  expectRevertWith,
  highSTwin,
  isolatedWorld,
  rentAt,
  rentalIdOf,
  Status,
  secondUsdc,
  sendAt,
} from './fixtures'
import { ERC1271Wallet } from './generated-mocks'
import { expectRevert, HOUR, USDC } from './harness'

const w = isolatedWorld()
let otherToken: Address
beforeAll(async () => {
  await w.sendMarket(w.provider2, 'registerProvider', ['https://p2.example', 100n * USDC])
  otherToken = await secondUsdc(w)
})

describe('an offer signature is bound to signer, chain, contract and every field', () => {
  it('rejects an offer signed by someone other than its provider', async () => {
    const offer = await w.makeOffer()
    await expectRevert(w.rent(offer, HOUR, w.renter, await w.sign(offer, w.stranger)), 'InvalidSignature')
    await expectRevert(w.rent(offer, HOUR, w.renter, await w.sign(offer, w.provider2)), 'InvalidSignature')
    await expectRevert(w.rent(offer, HOUR, w.renter, await w.sign(offer, w.renter)), 'InvalidSignature')
  })

  it('rejects a signature made for another chain id or another contract', async () => {
    const offer = await w.makeOffer()
    await expectRevert(
      w.rent(offer, HOUR, w.renter, await w.sign(offer, w.provider, { chainId: 1 })),
      'InvalidSignature',
    )
    const otherMarket = await deploy(w, WeftMarket, [w.deployer.address, w.usdc, 100n * USDC, 900, 3600])
    await expectRevert(
      w.rent(offer, HOUR, w.renter, await w.sign(offer, w.provider, { market: otherMarket })),
      'InvalidSignature',
    )
    await w.rent(offer, HOUR) // the same offer, correctly signed, is fine
  })

  it('rejects the offer with any single field altered after signing', async () => {
    const offer = await w.makeOffer()
    const signature = await w.sign(offer)
    const alterations: { [K in keyof Offer]: (o: Offer) => Offer[K] } = {
      provider: () => w.provider2.address,
      offerId: () => keccak256(toHex('another offer id')),
      gpuModel: (o) => `${o.gpuModel} `,
      gpuCount: (o) => o.gpuCount + 1,
      vramMiB: (o) => o.vramMiB + 1,
      token: () => otherToken,
      pricePerHour: (o) => o.pricePerHour - 1n,
      minDuration: (o) => o.minDuration - 1,
      maxDuration: (o) => o.maxDuration + 1,
      expiresAt: (o) => o.expiresAt + 1n,
    }
    // The loop covers every field of the EIP-712 type, which is derived from the contract's ABI.
    expect(Object.keys(alterations).sort()).toEqual(offerTypes.Offer.map((f) => f.name).sort())
    expect(Object.keys(offer).sort()).toEqual(Object.keys(alterations).sort())
    for (const field of Object.keys(alterations) as (keyof Offer)[]) {
      const altered = { ...offer, [field]: alterations[field](offer) }
      expect(altered[field], field).not.toEqual(offer[field])
      await expectRevert(w.rent(altered, HOUR, w.renter, signature), 'InvalidSignature')
    }
    const { id } = await w.rent(offer, HOUR, w.renter, signature)
    expect((await w.rental(id)).status).toBe(Status.Pending)
  })
})

describe('an offer fills at most once', () => {
  it('rejects an expired, reused or cancelled offer with a named error', async () => {
    const t = await baseTime(w)
    const expired = await w.makeOffer({ expiresAt: BigInt(t) })
    await expectRevertWith(rentAt(w, t + 1, expired, HOUR), 'OfferExpired', [BigInt(t)])

    const offer = await w.makeOffer({ expiresAt: BigInt(t + HOUR) })
    const { id } = await rentAt(w, t + 2, offer, HOUR)
    await expectRevertWith(rentAt(w, t + 3, offer, HOUR, { renter: w.stranger }), 'OfferAlreadyUsed', [id])

    const cancelled = await w.makeOffer({ expiresAt: BigInt(t + HOUR) })
    await sendAt(w, t + 4, w.provider, 'cancelOffer', [cancelled.offerId])
    await expectRevertWith(rentAt(w, t + 5, cancelled, HOUR), 'OfferAlreadyUsed', [
      rentalIdOf(w.provider.address, cancelled.offerId),
    ])
  })

  it('the high-s twin of a used signature cannot refill the offer', async () => {
    const offer = await w.makeOffer()
    const signature = await w.sign(offer)
    const twin = highSTwin(signature)
    expect(twin).not.toBe(signature)
    const { id } = await w.rent(offer, HOUR, w.renter, signature)
    const before = await w.balance(w.stranger.address)
    await expectRevertWith(w.rent(offer, HOUR, w.stranger, twin), 'OfferAlreadyUsed', [id])
    expect(await w.balance(w.stranger.address)).toBe(before)
    expect((await w.rental(id)).renter).toBe(w.renter.address)
  })

  it('the high-s twin of an unused signature is rejected outright, and the original still fills once', async () => {
    const offer = await w.makeOffer()
    const signature = await w.sign(offer)
    await expectRevert(w.rent(offer, HOUR, w.renter, highSTwin(signature)), 'InvalidSignature')
    await w.rent(offer, HOUR, w.renter, signature)
    await expectRevert(w.rent(offer, HOUR, w.stranger, highSTwin(signature)), 'OfferAlreadyUsed')
  })
})

describe('an ERC-1271 smart-contract wallet as provider', () => {
  const walletTarget = (address: Address) => ({ address, abi: ERC1271Wallet.abi as Abi })
  const call = (functionName: string, args: readonly unknown[]) =>
    encodeFunctionData({ abi: WeftMarket.abi as Abi, functionName, args })

  async function setupWallet() {
    const owner = w.accounts[7] as (typeof w.accounts)[number]
    const wallet = await deploy(w, ERC1271Wallet, [owner.address])
    await w.send(owner, w.usdc, TestUSDC.abi, 'mint', [wallet, 500n * USDC])
    await w.send(owner, wallet, ERC1271Wallet.abi, 'approve', [w.usdc, w.market, maxUint256])
    await w.send(owner, wallet, ERC1271Wallet.abi, 'execute', [
      w.market,
      call('registerProvider', ['https://wallet.example', 100n * USDC]),
    ])
    return { owner, wallet }
  }

  it('registers, has offers signed by its owner filled, starts and claims exact pay', async () => {
    const { owner, wallet } = await setupWallet()
    expect(await w.balance(wallet)).toBe(400n * USDC)
    const t = await baseTime(w)
    const price = 5n * USDC + 1n
    const offer = await w.makeOffer({ provider: wallet, pricePerHour: price })
    const { id } = await rentAt(w, t, offer, HOUR, { signature: await w.sign(offer, owner) })
    expect((await w.rental(id)).provider).toBe(wallet)

    // The owner EOA itself is not the provider: naming the offer id, it reaches no rental.
    await expectRevertWith(sendAt(w, t + 1, owner, 'start', [offer.offerId]), 'UnknownRental', [
      rentalIdOf(owner.address, offer.offerId),
    ])
    await sendAt(w, t + 2, owner, 'execute', [w.market, call('start', [offer.offerId])], walletTarget(wallet))
    await sendAt(
      w,
      t + 2 + 1234,
      owner,
      'execute',
      [w.market, call('claimEarned', [[offer.offerId]])],
      walletTarget(wallet),
    )
    expect(await w.balance(wallet)).toBe(400n * USDC + cost(price, 1234))
  })

  it('rejects an offer for the wallet signed by anyone but its owner', async () => {
    const { wallet } = await setupWallet()
    const offer = await w.makeOffer({ provider: wallet })
    await expectRevert(w.rent(offer, HOUR, w.renter, await w.sign(offer, w.stranger)), 'InvalidSignature')
    await expectRevert(w.rent(offer, HOUR, w.renter, await w.sign(offer, w.provider)), 'InvalidSignature')
    const owner = w.accounts[7] as (typeof w.accounts)[number]
    const badDomain = await w.sign(offer, owner, { chainId: 10 })
    await expectRevert(w.rent(offer, HOUR, w.renter, badDomain), 'InvalidSignature')
    await w.rent(offer, HOUR, w.renter, await w.sign(offer, owner))
  })
})
