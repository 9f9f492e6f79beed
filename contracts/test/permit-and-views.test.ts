import { type Abi, hashDomain, hashTypedData, maxUint96 } from 'viem'
import { describe, expect, it } from 'vitest'
import { TestUSDC, WeftMarket } from '../../lib/chain/generated'
import { offerTypedData } from '../../lib/chain/offer-typed-data'
import { cost } from '../../lib/chain/pricing'
import {
  accruedOf,
  expectRevertWith,
  isolatedWorld,
  marketWithErrorsOf,
  rentalIdOf,
  Status,
  sendAt,
  signPermit,
} from './fixtures'
import { expectRevert, HOUR, randomSealedSpec, USDC } from './harness'

const w = isolatedWorld()
const read = (functionName: 'hashOffer' | 'domainSeparator' | 'rentalId', args: readonly unknown[] = []) =>
  w.publicClient.readContract({ address: w.market, abi: WeftMarket.abi, functionName, args } as never)

describe('rentWithPermit', () => {
  const fresh = () => w.accounts[6] as (typeof w.accounts)[number]

  async function setup(price = 2n * USDC, duration = HOUR) {
    const renter = fresh()
    await w.send(renter, w.usdc, TestUSDC.abi, 'mint', [renter.address, 100n * USDC])
    const offer = await w.makeOffer({ pricePerHour: price })
    const deposit = cost(price, duration)
    const deadline = BigInt((await w.now()) + HOUR)
    const permit = await signPermit(w, w.usdc, renter, w.market, deposit, deadline)
    const args = [
      offer,
      await w.sign(offer),
      duration,
      randomSealedSpec(),
      deadline,
      permit.v,
      permit.r,
      permit.s,
    ]
    return { renter, offer, deposit, deadline, permit, args }
  }
  const allowance = (owner: `0x${string}`) =>
    w.publicClient.readContract({
      address: w.usdc,
      abi: TestUSDC.abi,
      functionName: 'allowance',
      args: [owner, w.market],
    })

  it('rents in one transaction with no prior approval, charging exactly the deposit', async () => {
    const { renter, offer, deposit, args } = await setup(3n * USDC + 1n, 1234)
    expect(await allowance(renter.address)).toBe(0n)
    await w.sendMarket(renter, 'rentWithPermit', args)
    expect(await w.balance(renter.address)).toBe(100n * USDC - deposit)
    expect(await allowance(renter.address)).toBe(0n)
    const view = await w.rental(rentalIdOf(offer.provider, offer.offerId))
    expect([view.renter, view.deposit, view.status]).toEqual([renter.address, deposit, Status.Pending])
  })

  it('still rents when a third party front-runs the permit, and charges once', async () => {
    const { renter, offer, deposit, deadline, permit, args } = await setup()
    await w.send(w.stranger, w.usdc, TestUSDC.abi, 'permit', [
      renter.address,
      w.market,
      deposit,
      deadline,
      permit.v,
      permit.r,
      permit.s,
    ])
    expect(await allowance(renter.address)).toBe(deposit)
    await w.sendMarket(renter, 'rentWithPermit', args)
    expect(await w.balance(renter.address)).toBe(100n * USDC - deposit)
    expect(await allowance(renter.address)).toBe(0n)
    expect((await w.rental(rentalIdOf(offer.provider, offer.offerId))).renter).toBe(renter.address)
  })

  it('fails on the transfer when the permit is bad and there is no allowance', async () => {
    const { renter, offer, deadline, args } = await setup()
    const wrong = await signPermit(w, w.usdc, renter, w.market, 1n, deadline) // signed for 1 unit
    const badArgs = [...args.slice(0, 5), wrong.v, wrong.r, wrong.s]
    const target = marketWithErrorsOf(w, TestUSDC.abi as Abi)
    await expectRevert(
      sendAt(w, (await w.now()) + 1, renter, 'rentWithPermit', badArgs, target),
      'ERC20InsufficientAllowance',
    )
    const tooHigh = { ...offer, pricePerHour: maxUint96 + 1n }
    await expectRevert(w.sendMarket(renter, 'rentWithPermit', [tooHigh, ...args.slice(1)]), 'PriceTooHigh')
    expect(await w.balance(renter.address)).toBe(100n * USDC)
  })
})

describe('views', () => {
  it('hashOffer, domainSeparator and rentalId match what viem computes off-chain', async () => {
    const offer = await w.makeOffer({ gpuModel: 'RTX 4090', gpuCount: 8, pricePerHour: 12_345_678n })
    expect(await read('hashOffer', [offer])).toBe(hashTypedData(offerTypedData(w.chain.id, w.market, offer)))
    expect(await read('domainSeparator')).toBe(
      hashDomain({
        domain: { name: 'Weft', version: '1', chainId: BigInt(w.chain.id), verifyingContract: w.market },
        types: {
          EIP712Domain: [
            { name: 'name', type: 'string' },
            { name: 'version', type: 'string' },
            { name: 'chainId', type: 'uint256' },
            { name: 'verifyingContract', type: 'address' },
          ],
        },
      }),
    )
    expect(await read('rentalId', [offer.provider, offer.offerId])).toBe(
      rentalIdOf(offer.provider, offer.offerId),
    )
  })

  it('getRental and accrued revert UnknownRental for an id never used', async () => {
    await expectRevertWith(w.rental(123n), 'UnknownRental', [123n])
    await expectRevertWith(accruedOf(w, 123n), 'UnknownRental', [123n])
  })
})
