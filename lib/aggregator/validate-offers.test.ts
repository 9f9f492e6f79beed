import { readFileSync } from 'node:fs'
import path from 'node:path'
import { type Hex, hexToBigInt, numberToHex, slice } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import type { OfferResources } from '@/lib/chain/offer-resources'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import {
  eoaChain,
  makeOffer,
  signOffer,
  signResources,
  TEST_CHAIN_ID,
  TEST_MARKET,
  TEST_RESOURCES,
  TEST_TOKEN,
  testOfferChecks,
} from '@/test-support/aggregator/test-offers'
import { parseBoundedJson } from './bounded-json'
import { SignatureCache } from './signature-cache'
import { type OfferChecks, validateOffersBody } from './validate-offers'

const provider = privateKeyToAccount(anvilKeys[1] as Hex)
const stranger = privateKeyToAccount(anvilKeys[2] as Hex)
const now = new Date()
const checks = testOfferChecks(provider.address, now)
const fixture = readFileSync(path.join(import.meta.dirname, 'fixtures/search-offers-with-trailer.txt'))
const body = (offers: unknown[]) => JSON.stringify({ offers })
const good = () => signOffer(makeOffer(provider, {}, now.getTime()), provider)

/** An offer whose signed fields are changed after signing, or whose JSON is edited by `edit`. */
async function edited(edit: (o: SignedOfferJson & { offer: Record<string, unknown> }) => void) {
  const signed = structuredClone(await good())
  edit(signed)
  return signed
}

async function reasonsFor(offers: unknown[], overrides: Partial<OfferChecks> = {}) {
  const verdict = await validateOffersBody(body(offers), { ...checks, ...overrides })
  return Object.fromEntries(verdict.dropped.map((d) => [d.reason, d.count]))
}

describe('validateOffersBody', () => {
  it('accepts a provider’s signed offers, exact to the unit, with their signed resources', async () => {
    const bigger: OfferResources = {
      cpus: 64,
      memoryMiB: 512 * 1024,
      diskMiB: 2000 * 1024,
      networkMbps: 0,
      access: ['terminal', 'files'],
      isolation: 'container',
    }
    const offers = await Promise.all([
      good(),
      signOffer(makeOffer(provider, { gpuCount: 4 }), provider, undefined, 'EU-Central', bigger),
    ])
    const verdict = await validateOffersBody(body(offers), checks)
    expect(verdict).toMatchObject({ listOk: true, dropped: [] })
    expect(verdict.offers.map((o) => o.offer.pricePerHour)).toEqual([2_400_000n, 2_400_000n])
    expect(verdict.offers[1]?.offer.gpuCount).toBe(4)
    expect(verdict.offers.map((o) => o.resources)).toEqual([TEST_RESOURCES, bigger])
    expect(verdict.offers[1]?.resourcesSignature).toBe(offers[1]?.resourcesSignature)
  })

  it('drops a real malformed response (JSON followed by a trailer line) as invalid JSON', async () => {
    expect(await validateOffersBody(fixture, checks)).toEqual({
      listOk: false,
      problem: 'invalid JSON',
      offers: [],
      dropped: [{ reason: 'invalid JSON', count: 1 }],
    })
    // Without its trailer it is JSON, but a list of someone else's offers, not ours.
    const json = fixture.toString().slice(0, fixture.toString().lastIndexOf(']') + 1)
    expect((await validateOffersBody(json, checks)).dropped).toEqual([
      { reason: 'not an offer list', count: 1 },
    ])
  })

  it('refuses deep nesting before parsing, counting only brackets outside strings', async () => {
    const deep = `{"offers":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    expect((await validateOffersBody(deep, checks)).dropped).toEqual([
      { reason: 'too deeply nested', count: 1 },
    ])
    const limits = { maxBytes: 1024, maxDepth: 3 }
    expect(parseBoundedJson('{"a":"[[[[[[\\"[[[["}', limits)).toEqual({
      ok: true,
      value: { a: '[[[[[["[[[[' },
    })
    expect(parseBoundedJson('[[[[1]]]]', limits)).toEqual({ ok: false, reason: 'too deeply nested' })
    expect(parseBoundedJson(Buffer.from([0x7b, 0xff, 0x7d]), limits)).toEqual({
      ok: false,
      reason: 'invalid JSON',
    })
    expect(parseBoundedJson('x'.repeat(2000), limits)).toEqual({ ok: false, reason: 'too large' })
  })

  it('drops offers with NaN, infinite, negative, zero, fractional or absurd prices', async () => {
    expect((await validateOffersBody('{"offers":[{"offer":{"pricePerHour":NaN}}]}', checks)).dropped).toEqual(
      [{ reason: 'invalid JSON', count: 1 }],
    )
    const prices: unknown[] = [
      'NaN',
      'Infinity',
      '-2400000',
      '0',
      '2.4',
      '1e9',
      -1,
      2_400_000,
      null,
      `${10n ** 40n}`,
    ]
    const offers = await Promise.all(
      prices.map((p) => edited((o) => Object.assign(o.offer, { pricePerHour: p }))),
    )
    // The ceiling is 1,000 USD per GPU-hour: one unit above it is absurd, even with a valid signature.
    const absurd = await signOffer(makeOffer(provider, { pricePerHour: 1000n * 10n ** 6n + 1n }), provider)
    expect(await reasonsFor([...offers, absurd])).toEqual({ 'bad price': prices.length + 1 })
    // A number too large for a double parses as Infinity: still a bad price, not a crash.
    const infinite = JSON.stringify(await good()).replace(/"pricePerHour":"\d+"/, '"pricePerHour":1e400')
    expect((await validateOffersBody(`{"offers":[${infinite}]}`, checks)).dropped).toEqual([
      { reason: 'bad price', count: 1 },
    ])
  })

  it('drops offers with HTML, control or bidi characters in their text', async () => {
    const offers = await Promise.all([
      signOffer(makeOffer(provider, { gpuModel: '<script>alert(1)</script>' }), provider),
      signOffer(makeOffer(provider), provider, undefined, '<img src=x onerror=alert(1)>'),
      signOffer(makeOffer(provider), provider, undefined, 'EU\u0000Central'),
      signOffer(makeOffer(provider), provider, undefined, 'EU\u202eCentral'),
      signOffer(makeOffer(provider, { gpuModel: 'H100\nfree money' }), provider),
    ])
    expect(await reasonsFor(offers)).toEqual({ 'unsafe text': 5 })
  })

  it('drops offers that are out of range, malformed or duplicated', async () => {
    const dup = await good()
    const offers = await Promise.all([
      signOffer(makeOffer(provider, { gpuCount: 0 }), provider),
      signOffer(makeOffer(provider, { gpuCount: 65 }), provider),
      signOffer(makeOffer(provider, { minDuration: 7200, maxDuration: 3600 }), provider),
      edited((o) => Object.assign(o.offer, { vramMiB: -1 })),
      edited((o) => Object.assign(o.offer, { offerId: 'offer-1' })),
      edited((o) => Object.assign(o, { signature: 'not hex' })),
      'just a string',
      dup,
      dup,
    ])
    expect(await reasonsFor(offers)).toEqual({
      'bad GPU count': 2,
      'bad duration': 1,
      'bad VRAM': 1,
      'malformed offer': 2,
      'bad signature': 1,
      'duplicate offer': 1,
    })
  })

  it('drops expired, implausibly long-lived, wrong-token and wrong-provider offers', async () => {
    const nowS = Math.floor(now.getTime() / 1000)
    const offers = await Promise.all([
      signOffer(makeOffer(provider, { expiresAt: BigInt(nowS - 1) }), provider),
      signOffer(makeOffer(provider, { expiresAt: BigInt(nowS) }), provider),
      signOffer(makeOffer(provider, { expiresAt: BigInt(nowS + 400 * 86_400) }), provider),
      signOffer(makeOffer(provider, { token: stranger.address }), provider),
      signOffer(makeOffer(stranger), stranger),
    ])
    expect(await reasonsFor(offers)).toEqual({
      expired: 2,
      'bad expiry': 1,
      'wrong token': 1,
      'wrong provider': 1,
    })
  })

  it('drops offers whose signature is someone else’s, for another chain or market, altered, or malleated', async () => {
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
    const highS = (signature: Hex) => {
      const s = hexToBigInt(slice(signature, 32, 64))
      const v = Number(hexToBigInt(slice(signature, 64, 65)))
      return `${slice(signature, 0, 32)}${numberToHex(n - s, { size: 32 }).slice(2)}${(v === 27 ? 28 : 27).toString(16)}` as Hex
    }
    const offers = await Promise.all([
      signOffer(makeOffer(provider), stranger),
      signOffer(makeOffer(provider), provider, { chainId: 1, market: TEST_MARKET }),
      signOffer(makeOffer(provider), provider, { chainId: TEST_CHAIN_ID, market: TEST_TOKEN }),
      edited((o) => Object.assign(o.offer, { pricePerHour: '2300000' })),
      edited((o) => Object.assign(o.offer, { gpuCount: 2 })),
      edited((o) => Object.assign(o, { signature: highS(o.signature) })),
      edited((o) => Object.assign(o, { signature: `0x${'00'.repeat(65)}` })),
    ])
    expect(await reasonsFor([...offers, await good()])).toEqual({ 'bad signature': 7 })
  })

  it('drops offers whose resources are missing, malformed or implausible', async () => {
    const withResources = (resources: unknown) => edited((o) => Object.assign(o, { resources }))
    const huge = { ...TEST_RESOURCES, memoryMiB: 2 ** 31 }
    const offers = await Promise.all([
      edited((o) => Reflect.deleteProperty(o, 'resources')),
      edited((o) => Reflect.deleteProperty(o, 'resourcesSignature')),
      edited((o) => Object.assign(o, { resources: null })),
      withResources({ ...TEST_RESOURCES, cpus: 0 }),
      withResources({ ...TEST_RESOURCES, cpus: 1.5 }),
      withResources({ ...TEST_RESOURCES, memoryMiB: 255 }),
      withResources({ ...TEST_RESOURCES, diskMiB: '512000' }),
      withResources({ ...TEST_RESOURCES, gpus: 8 }),
      withResources({ cpus: 16, memoryMiB: 131_072, diskMiB: 512_000 }),
      withResources('16 cores'),
      withResources({ ...TEST_RESOURCES, access: ['ssh', 'vnc'] }),
      withResources({ ...TEST_RESOURCES, access: ['ssh', 'ssh'] }),
      withResources({ ...TEST_RESOURCES, access: 15 }),
      withResources({ ...TEST_RESOURCES, isolation: 'vm' }),
      withResources({ ...TEST_RESOURCES, isolation: undefined }),
      // Validly signed, but no machine has 2 PiB of memory (and the column would overflow).
      signOffer(makeOffer(provider), provider, undefined, 'EU-Central', huge),
      edited((o) => Object.assign(o, { resourcesSignature: 'not hex' })),
      edited((o) => Object.assign(o, { resourcesSignature: 42 })),
    ])
    expect(await reasonsFor([...offers, await good()])).toEqual({
      'no resources': 2,
      'bad resources': 14,
      'bad resources signature': 2,
    })
  })

  it('drops offers whose resources are signed by someone else, for another offer, or altered', async () => {
    const resign = (sign: (o: SignedOfferJson) => Promise<Hex>) =>
      edited(() => undefined).then(async (o) => ({ ...o, resourcesSignature: await sign(o) }))
    const id = (o: SignedOfferJson) => o.offer.offerId
    const offers = await Promise.all([
      resign((o) => signResources(id(o), TEST_RESOURCES, stranger)),
      resign(() => signResources(makeOffer(provider).offerId, TEST_RESOURCES, provider)),
      resign((o) => signResources(id(o), TEST_RESOURCES, provider, { chainId: 1, market: TEST_MARKET })),
      resign((o) => Promise.resolve(o.signature)),
      edited((o) => Object.assign(o, { resources: { ...o.resources, cpus: 32 } })),
      edited((o) => Object.assign(o, { resources: { ...o.resources, networkMbps: 0 } })),
      // Claiming a way in, or a stronger runner, than was signed.
      edited((o) => Object.assign(o, { resources: { ...o.resources, access: ['ssh'] } })),
      edited((o) => Object.assign(o, { resources: { ...o.resources, isolation: 'container' } })),
    ])
    expect(await reasonsFor([...offers, await good()])).toEqual({ 'bad resources signature': 8 })
    // The offer's own signature is checked first: a wholly foreign offer is a bad signature.
    expect(await reasonsFor([await signOffer(makeOffer(provider), stranger)])).toEqual({ 'bad signature': 1 })
  })

  it('neither trusts nor drops for good an offer it cannot check while the chain is down', async () => {
    const offers = [await signOffer(makeOffer(provider), stranger), await good()]
    const verdict = await validateOffersBody(body(offers), { ...checks, chain: eoaChain({ down: true }) })
    // The list is not usable this time: the provider's previously checked offers stand.
    expect(verdict).toEqual({
      listOk: false,
      problem: 'signature unverifiable',
      offers: [],
      dropped: [{ reason: 'signature unverifiable', count: 1 }],
    })
    // Nor resources that the provider's key did not sign: only a contract provider could have.
    const foreign = {
      ...(await good()),
      resourcesSignature: await signResources(`0x${'ab'.repeat(32)}`, TEST_RESOURCES, stranger),
    }
    expect(
      (await validateOffersBody(body([foreign]), { ...checks, chain: eoaChain({ down: true }) })).problem,
    ).toBe('signature unverifiable')
    // Offers signed by the provider's own key need no chain at all.
    expect(
      (await validateOffersBody(body([await good()]), { ...checks, chain: eoaChain({ down: true }) })).offers,
    ).toHaveLength(1)
  })

  it('drops offers past the per-provider limit', async () => {
    const offers = await Promise.all(Array.from({ length: 5 }, good))
    const limits = { maxBytes: 1024 * 1024, maxDepth: 16, maxOffers: 3 }
    const verdict = await validateOffersBody(body(offers), checks, limits)
    expect(verdict.offers).toHaveLength(3)
    expect(verdict.dropped).toEqual([{ reason: 'too many offers', count: 2 }])
  })

  it('remembers valid signatures by every signed field, the resources’ included', async () => {
    const cache = new SignatureCache(2)
    const signed = await good()
    await validateOffersBody(body([signed]), { ...checks, cache })
    const altered = { ...signed, offer: { ...signed.offer, pricePerHour: '1' } }
    expect((await validateOffersBody(body([signed]), { ...checks, cache })).offers).toHaveLength(1)
    const verdict = await validateOffersBody(body([altered]), { ...checks, cache })
    expect(verdict.offers).toHaveLength(0)
    expect(verdict.dropped).toEqual([{ reason: 'bad signature', count: 1 }])
    const more = { ...signed, resources: { ...signed.resources, diskMiB: signed.resources.diskMiB * 2 } }
    expect((await validateOffersBody(body([more]), { ...checks, cache })).dropped).toEqual([
      { reason: 'bad resources signature', count: 1 },
    ])
  })
})
