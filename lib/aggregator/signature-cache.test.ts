import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it, vi } from 'vitest'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import {
  makeOffer,
  signOffer,
  TEST_CHAIN_ID,
  TEST_MARKET,
  TEST_RESOURCES,
  testOfferChecks,
} from '@/test-support/aggregator/test-offers'
import { SignatureCache } from './signature-cache'
import { SignerRecovery } from './signer-recovery'
import { validateOffersBody } from './validate-offers'

const provider = privateKeyToAccount(anvilKeys[1] as Hex)
const now = new Date()
const checks = testOfferChecks(provider.address, now)
const body = (offers: unknown[]) => JSON.stringify({ offers })
const pair = () => ({
  offer: makeOffer(provider),
  signature: `0x${'11'.repeat(65)}` as Hex,
  resources: TEST_RESOURCES,
  resourcesSignature: `0x${'22'.repeat(65)}` as Hex,
})

describe('SignatureCache', () => {
  it('keys by every signed field, the domain and both signatures', () => {
    const signed = pair()
    const key = SignatureCache.key(TEST_CHAIN_ID, TEST_MARKET, signed)
    const variants = [
      { ...signed, offer: { ...signed.offer, pricePerHour: signed.offer.pricePerHour + 1n } },
      { ...signed, offer: { ...signed.offer, expiresAt: signed.offer.expiresAt + 1n } },
      { ...signed, resources: { ...signed.resources, networkMbps: 1 } },
      { ...signed, resources: { ...signed.resources, access: ['ssh' as const] } },
      { ...signed, resources: { ...signed.resources, isolation: 'container' as const } },
      { ...signed, signature: `0x${'33'.repeat(65)}` as Hex },
      { ...signed, resourcesSignature: `0x${'44'.repeat(65)}` as Hex },
    ]
    for (const variant of variants)
      expect(SignatureCache.key(TEST_CHAIN_ID, TEST_MARKET, variant)).not.toBe(key)
    expect(SignatureCache.key(1, TEST_MARKET, signed)).not.toBe(key)
    expect(SignatureCache.key(TEST_CHAIN_ID, TEST_MARKET.toLowerCase() as Hex, signed)).toBe(key)
  })

  it('forgets offers no poll has seen for its number of polls, and keeps the ones still served', () => {
    const cache = new SignatureCache(100, 2)
    cache.add('served')
    cache.add('withdrawn')
    for (let poll = 0; poll < 3; poll++) {
      expect(cache.has('served')).toBe(true)
      cache.endPoll()
    }
    expect(cache.has('withdrawn')).toBe(false)
    expect(cache.has('served')).toBe(true)
    expect(cache.size).toBe(1)
  })

  it('keeps at most its number of entries, dropping the oldest first', () => {
    const cache = new SignatureCache(2)
    for (const key of ['a', 'b', 'c']) cache.add(key)
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([false, true, true])
  })

  it('checks an offer’s signatures once per signed content, and again whenever any of it changes', async () => {
    const cache = new SignatureCache()
    const signers = new SignerRecovery({ workers: 0 })
    const check = vi.spyOn(signers, 'check')
    const recovered = () => check.mock.calls.reduce((n, [jobs]) => n + jobs.length, 0)
    const validate = async (offers: unknown[]) =>
      validateOffersBody(body(offers), { ...checks, cache, signers })
    const offer = makeOffer(provider, {}, now.getTime())
    const signed = await signOffer(offer, provider)
    expect((await validate([signed])).offers).toHaveLength(1)
    expect(recovered()).toBe(2) // the offer's signature and its resources'
    expect((await validate([signed])).offers).toHaveLength(1)
    expect(recovered()).toBe(2) // unchanged: not checked again
    // The same offer id re-signed at a new price is new content: checked, and taken at its new price.
    const repriced = await signOffer({ ...offer, pricePerHour: 3_000_000n }, provider)
    expect((await validate([repriced])).offers.map((o) => o.offer.pricePerHour)).toEqual([3_000_000n])
    expect(recovered()).toBe(4)
    // Changed resources under the old signatures: checked, and dropped.
    const inflated = { ...signed, resources: { ...signed.resources, cpus: signed.resources.cpus * 2 } }
    expect((await validate([inflated])).dropped).toEqual([{ reason: 'bad resources signature', count: 1 }])
    expect(recovered()).toBe(6)
    expect((await validate([inflated])).dropped).toEqual([{ reason: 'bad resources signature', count: 1 }])
    expect(recovered()).toBe(8) // a failed check is never remembered as valid
    expect((await validate([signed, repriced])).offers).toHaveLength(1) // one id, listed once
    expect(recovered()).toBe(8)
  })
})
