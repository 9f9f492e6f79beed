import { randomBytes } from 'node:crypto'
import { type Address, bytesToHex, type Hex, hashTypedData, numberToHex, recoverAddress, slice } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import { ACCESS_KINDS } from '@/lib/chain/offer-access'
import { type OfferResources, offerResourcesTypedData } from '@/lib/chain/offer-resources'
import { type Offer, offerTypedData } from '@/lib/chain/offer-typed-data'
import { makeOffer, TEST_CHAIN_ID, TEST_MARKET, TEST_RESOURCES } from '@/test-support/aggregator/test-offers'
import { offerDigest, offerResourcesDigest, structEncoder } from './offer-digest'
import { recoverSigner } from './offer-signature'

const provider = privateKeyToAccount(anvilKeys[1] as Hex)
const randomAddress = () => bytesToHex(randomBytes(20)) as Address
const randomUint = (bits: number) => BigInt(bytesToHex(randomBytes(bits / 8)))

describe('offerDigest', () => {
  it('is hashTypedData’s digest for every kind of offer, domain and resources', () => {
    const offers: Offer[] = [
      makeOffer(provider),
      makeOffer(provider, { gpuModel: 'RTX 4090 — 24 GB “desktop” 🚀', gpuCount: 64 }),
      makeOffer(provider, { gpuModel: '', pricePerHour: 2n ** 256n - 1n, expiresAt: 2n ** 64n - 1n }),
      makeOffer(provider, { minDuration: 0, maxDuration: 2 ** 32 - 1, vramMiB: 2 ** 32 - 1, gpuCount: 0 }),
    ]
    for (let i = 0; i < 20; i++)
      offers.push({
        provider: randomAddress(),
        offerId: bytesToHex(randomBytes(32)),
        gpuModel: randomBytes(12).toString('base64'),
        gpuCount: Number(randomUint(32)),
        vramMiB: Number(randomUint(32)),
        token: randomAddress(),
        pricePerHour: randomUint(256),
        minDuration: Number(randomUint(32)),
        maxDuration: Number(randomUint(32)),
        expiresAt: randomUint(64),
      })
    const domains: [number, Address][] = [
      [TEST_CHAIN_ID, TEST_MARKET],
      [8453, randomAddress()],
      [2 ** 53 - 1, TEST_MARKET.toLowerCase() as Address],
    ]
    for (const [chainId, market] of domains)
      for (const offer of offers) {
        expect(bytesToHex(offerDigest(chainId, market, offer))).toBe(
          hashTypedData(offerTypedData(chainId, market, offer)),
        )
        const resources: OfferResources = {
          cpus: Number(randomUint(32)),
          memoryMiB: 1,
          diskMiB: 2 ** 32 - 1,
          networkMbps: 0,
          access: [...ACCESS_KINDS],
          isolation: 'process',
        }
        const closed: OfferResources = { ...TEST_RESOURCES, access: [], isolation: 'container' }
        for (const r of [TEST_RESOURCES, resources, closed])
          expect(bytesToHex(offerResourcesDigest(chainId, market, offer.offerId, r))).toBe(
            hashTypedData(offerResourcesTypedData(chainId, market, offer.offerId, r)),
          )
      }
  })

  it('refuses a value its EIP-712 type cannot hold, naming the field', () => {
    const offer = makeOffer(provider)
    expect(() => offerDigest(TEST_CHAIN_ID, TEST_MARKET, { ...offer, gpuCount: 2 ** 32 })).toThrow(
      'EIP-712 field gpuCount is not a uint32',
    )
    expect(() => offerDigest(TEST_CHAIN_ID, TEST_MARKET, { ...offer, pricePerHour: -1n })).toThrow(
      'EIP-712 field pricePerHour is not a uint256',
    )
    expect(() => offerDigest(TEST_CHAIN_ID, TEST_MARKET, { ...offer, token: '0x1234' })).toThrow(
      'EIP-712 field token is not a valid address',
    )
    expect(() =>
      offerDigest(TEST_CHAIN_ID, TEST_MARKET, { ...offer, offerId: `${offer.offerId}00` }),
    ).toThrow('EIP-712 field offerId is not a valid bytes32')
    expect(() => structEncoder('Nested', [{ name: 'inner', type: 'Inner' }])).toThrow(
      'EIP-712 type Inner (field inner) is not supported',
    )
  })
})

describe('recoverSigner', () => {
  const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
  const word = (x: bigint) => numberToHex(x, { size: 32 }).slice(2)

  it('finds the address recoverAddress finds, for many keys and messages', async () => {
    for (let i = 0; i < 20; i++) {
      const account = privateKeyToAccount(bytesToHex(randomBytes(32)))
      const digest = randomBytes(32)
      const signature = await account.sign({ hash: bytesToHex(digest) })
      const signer = recoverSigner(digest, signature)
      expect(signer && bytesToHex(signer)).toBe(account.address.toLowerCase())
      expect(await recoverAddress({ hash: bytesToHex(digest), signature })).toBe(account.address)
    }
  })

  it('refuses what OpenZeppelin’s ECDSA refuses: bad v, high s, r or s out of range, r off the curve', async () => {
    const digest = randomBytes(32)
    const signature = await provider.sign({ hash: bytesToHex(digest) })
    const [r, s, v] = [
      slice(signature, 0, 32),
      BigInt(slice(signature, 32, 64)),
      Number(slice(signature, 64)),
    ]
    const flipped = (v === 27 ? 28 : 27).toString(16)
    const bad: Hex[] = [
      `${r}${word(s)}${(v + 2).toString(16)}`, // v 29 or 30
      `${r}${word(s)}${(v - 27).toString(16).padStart(2, '0')}`, // v 0 or 1
      `${r}${word(n - s)}${flipped}`, // the high-s twin of a valid signature
      `0x${word(0n)}${word(s)}${v.toString(16)}`,
      `${r}${word(0n)}${v.toString(16)}`,
      `0x${word(n)}${word(s)}${v.toString(16)}`,
      `0x${word(5n)}${word(s)}${v.toString(16)}`, // x = 5 is on no point of secp256k1
      `${signature}00`,
      slice(signature, 0, 64),
    ]
    for (const signature of bad) expect(recoverSigner(digest, signature)).toBeUndefined()
    // The flipped v alone recovers someone, just not the signer.
    const other = recoverSigner(digest, `${r}${word(s)}${flipped}`)
    expect(other && bytesToHex(other)).not.toBe(provider.address.toLowerCase())
  })
})
