import { createDecipheriv, createECDH, hkdfSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Address,
  encodeAbiParameters,
  type Hex,
  hashTypedData,
  hexToBytes,
  keccak256,
  recoverTypedDataAddress,
  stringToBytes,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { NonceCache } from '@/lib/agent-auth/nonce-cache'
import {
  AGENT_REQUEST_HEADERS,
  canonicalAgentRequest,
  verifyAgentRequest,
} from '@/lib/agent-auth/request-signing'
import { WeftMarket } from '@/lib/chain/generated'
import { offerResourcesSchema, offerResourcesTypedData } from '@/lib/chain/offer-resources'
import { type Offer, offerTypedData, offerTypes } from '@/lib/chain/offer-typed-data'
import { cost, splitOnStop } from '@/lib/chain/pricing'
import { DeclineReason, RentalStatus } from '@/lib/chain/rental-status'
import { canonicalJson } from '@/lib/jobs/job-spec'
import { openSealedSpec, providerSealingKey, sealedSpecHash } from '@/lib/jobs/sealed-spec'
import { readVectors } from './api-catalog/generated-blocks'

/*
 * PROTOCOL.md is what third parties implement from: its test vectors must hold against the code,
 * and it must name every call, event and error of the contract.
 */

const markdown = readFileSync(join(import.meta.dirname, '../../PROTOCOL.md'), 'utf8')
const vectors = readVectors(markdown)

// biome-ignore lint/suspicious/noExplicitAny: vectors are JSON read from a document; each test names the fields it uses.
function vector(name: string): any {
  const value = vectors.get(name)
  if (value === undefined) throw new Error(`PROTOCOL.md has no vector ${name}`)
  return value
}

/** EIP-712's domain separator for PROTOCOL.md's domain, written out from the standard. */
function domainSeparator(chainId: number, market: Address): Hex {
  const typeHash = keccak256(stringToBytes(DOMAIN_TYPE))
  return keccak256(
    encodeAbiParameters(
      [
        { type: 'bytes32' },
        { type: 'bytes32' },
        { type: 'bytes32' },
        { type: 'uint256' },
        { type: 'address' },
      ],
      [typeHash, keccak256(stringToBytes('Weft')), keccak256(stringToBytes('1')), BigInt(chainId), market],
    ),
  )
}
const DOMAIN_TYPE = 'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'

function offerFromJson(json: Record<string, unknown>): Offer {
  return {
    ...(json as Offer),
    pricePerHour: BigInt(json.pricePerHour as string),
    expiresAt: BigInt(json.expiresAt as string),
  }
}

describe('PROTOCOL.md test vectors', () => {
  it('holds exactly the vectors it describes', () => {
    expect([...vectors.keys()].sort()).toEqual(
      ['agent-request', 'money', 'offer', 'offer-resources', 'rental-id', 'sealed-spec'].sort(),
    )
  })

  it('offer: type, domain, digest and signature', async () => {
    const v = vector('offer')
    const account = privateKeyToAccount(v.privateKey)
    const offer = offerFromJson(v.offer)
    expect(account.address).toBe(offer.provider)
    const typeString = `Offer(${offerTypes.Offer.map((f) => `${f.type} ${f.name}`).join(',')})`
    expect(v.typeString).toBe(typeString)
    expect(markdown).toContain(typeString)
    expect(keccak256(stringToBytes(typeString))).toBe(v.typeHash)
    const typed = offerTypedData(v.chainId, v.market, offer)
    expect(markdown).toContain(DOMAIN_TYPE)
    expect(domainSeparator(v.chainId, v.market)).toBe(v.domainSeparator)
    expect(hashTypedData(typed)).toBe(v.digest)
    expect(await account.signTypedData(typed)).toBe(v.signature)
    expect(await recoverTypedDataAddress({ ...typed, signature: v.signature })).toBe(offer.provider)
  })

  it('offer resources: digest and signature', async () => {
    const v = vector('offer-resources')
    const typed = offerResourcesTypedData(v.chainId, v.market, v.offerId, v.resources)
    const typeString = `OfferResources(${typed.types.OfferResources.map((f) => `${f.type} ${f.name}`).join(',')})`
    expect(markdown).toContain(typeString)
    expect(offerResourcesSchema.parse(v.resources)).toEqual(v.resources)
    expect(typed.message).toEqual(v.message)
    expect(hashTypedData(typed)).toBe(v.digest)
    expect(await privateKeyToAccount(v.privateKey).signTypedData(typed)).toBe(v.signature)
  })

  it('rental id: keccak256(abi.encode(provider, offerId))', () => {
    const v = vector('rental-id')
    expect({ provider: v.provider, offerId: v.offerId }).toEqual({
      provider: vector('offer').offer.provider,
      offerId: vector('offer').offer.offerId,
    })
    const encoded = encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [v.provider, v.offerId])
    expect(encoded).toBe(v.encoded)
    const id = BigInt(keccak256(encoded))
    expect(id.toString()).toBe(v.rentalId)
    expect(toHex(id, { size: 32 })).toBe(v.rentalIdHex)
  })

  it('agent request: the exact text, its signature and the headers an agent accepts', async () => {
    const v = vector('agent-request')
    const url = new URL(v.url)
    const text = canonicalAgentRequest({
      origin: url.origin,
      method: v.method,
      path: url.pathname + url.search,
      timestamp: v.timestamp,
      nonce: v.nonce,
      body: v.body,
    })
    expect(text).toBe(v.text)
    expect(url.pathname).toBe(`/v1/rentals/${vector('rental-id').rentalId}/logs`)
    const account = privateKeyToAccount(v.privateKey)
    expect(account.address).toBe(v.address)
    expect(await account.signMessage({ message: text })).toBe(v.signature)
    expect(v.headers).toEqual({
      [AGENT_REQUEST_HEADERS.address]: v.address,
      [AGENT_REQUEST_HEADERS.timestamp]: String(v.timestamp),
      [AGENT_REQUEST_HEADERS.nonce]: v.nonce,
      [AGENT_REQUEST_HEADERS.signature]: v.signature,
    })
    const verified = await verifyAgentRequest({
      origin: url.origin,
      method: v.method,
      url,
      headers: new Headers(v.headers),
      body: v.body,
      nonces: new NonceCache({ windowSeconds: 60 }),
      now: v.timestamp * 1000,
    })
    expect(verified).toEqual({ ok: true, address: v.address })
  })

  it('sealed spec: opens to the plaintext, hashes to the jobSpecHash, under the key the offer names', async () => {
    const v = vector('sealed-spec')
    const opened = openSealedSpec(v.sealed, v.providerPrivateKey)
    if (!opened.ok) throw new Error(opened.message)
    expect(canonicalJson(opened.spec)).toBe(v.plaintext)
    expect(sealedSpecHash(v.sealed)).toBe(v.jobSpecHash)
    expect(keccak256(v.sealed)).toBe(v.jobSpecHash)
    expect(privateKeyToAccount(v.providerPrivateKey).publicKey).toBe(v.providerPublicKey)
    const o = vector('offer')
    expect(await providerSealingKey(o.chainId, o.market, offerFromJson(o.offer), o.signature)).toBe(
      v.providerPublicKey,
    )
  })

  it('sealed spec: the documented primitives alone open it (node:crypto, no ECIES library)', () => {
    const v = vector('sealed-spec')
    expect(openByTheDocument(v.sealed, v.providerPrivateKey)).toBe(v.plaintext)
  })

  it('money: deposit, stop, extend and compensation', () => {
    const v = vector('money')
    const price = BigInt(v.pricePerHour)
    expect(cost(price, v.duration).toString()).toBe(v.deposit)
    const split = splitOnStop(price, v.duration, v.stoppedAfter)
    expect([split.deposit, split.accrued, split.refund].map(String)).toEqual([v.deposit, v.accrued, v.refund])
    expect((cost(price, v.duration + v.extraSeconds) - cost(price, v.duration)).toString()).toBe(
      v.extendAmount,
    )
    const owed = cost(price, v.compensationSeconds)
    const stake = BigInt(v.stake)
    expect((owed < stake ? owed : stake).toString()).toBe(v.compensation)
  })
})

describe('PROTOCOL.md and the contract', () => {
  it('names every function, event and error of the ABI', () => {
    const names = WeftMarket.abi.flatMap((item) => ('name' in item ? [item.name] : []))
    const missing = names.filter((name) => !new RegExp(`\\b${name}\\b`).test(markdown))
    expect(missing).toEqual([])
  })

  it('tables every status and decline reason with its code', () => {
    for (const [name, code] of Object.entries({ ...RentalStatus })) {
      expect(markdown).toMatch(new RegExp(`^\\| ${name} \\| ${code} \\|`, 'm'))
    }
    for (const [name, code] of Object.entries(DeclineReason)) {
      expect(markdown).toMatch(new RegExp(`^\\| ${code} \\| ${name} \\|`, 'm'))
    }
  })
})

/** secp256k1's field prime. */
const P = 2n ** 256n - 2n ** 32n - 977n

function power(base: bigint, exponent: bigint): bigint {
  let result = 1n
  let b = base % P
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P
    b = (b * b) % P
  }
  return result
}

/**
 * Opens a sealed spec following PROTOCOL.md step by step. node's ECDH gives only the shared
 * point's x; of the two points with that x, the one whose key authenticates under AES-GCM is S.
 */
function openByTheDocument(sealed: Hex, privateKey: Hex): string {
  const bytes = hexToBytes(sealed)
  expect(bytes[0]).toBe(0x01)
  const ephemeral = bytes.subarray(1, 66)
  const nonce = bytes.subarray(66, 82)
  const tag = bytes.subarray(82, 98)
  const ciphertext = bytes.subarray(98)
  const ecdh = createECDH('secp256k1')
  ecdh.setPrivateKey(hexToBytes(privateKey))
  const x = ecdh.computeSecret(ephemeral)
  const xValue = BigInt(`0x${x.toString('hex')}`)
  const y = power(xValue ** 3n + 7n, (P + 1n) / 4n)
  const opened: string[] = []
  for (const candidate of [y, P - y]) {
    const shared = Buffer.concat([Buffer.of(4), x, hexToBytes(toHex(candidate, { size: 32 }))])
    const key = Buffer.from(
      hkdfSync('sha256', Buffer.concat([ephemeral, shared]), Buffer.alloc(32), Buffer.alloc(0), 32),
    )
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 })
    decipher.setAuthTag(tag)
    try {
      opened.push(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8'))
    } catch {
      // the other point: its key does not authenticate
    }
  }
  expect(opened).toHaveLength(1)
  return opened[0] ?? ''
}
