import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import { makeOffer, TEST_CHAIN_ID, TEST_MARKET, TEST_RESOURCES } from '@/test-support/aggregator/test-offers'
import { SignatureCache } from './signature-cache'

const provider = privateKeyToAccount(anvilKeys[1] as Hex)
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
})
