import { type Address, type Hex, hexToBytes, keccak256, stringToBytes } from 'viem'
import { offerDomain } from '@/lib/chain/offer-domain'
import { type OfferResources, offerResourcesMessage, offerResourcesTypes } from '@/lib/chain/offer-resources'
import { type Offer, offerTypes } from '@/lib/chain/offer-typed-data'

type Field = { readonly name: string; readonly type: string }
type Encoder = (value: unknown, out: Uint8Array, at: number) => void

const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const BYTES32 = /^0x[0-9a-fA-F]{64}$/

function fixedBytes(pattern: RegExp, name: string, type: string): Encoder {
  return (value, out, at) => {
    if (typeof value !== 'string' || !pattern.test(value))
      throw new Error(`EIP-712 field ${name} is not a valid ${type}`)
    const bytes = hexToBytes(value as Hex)
    out.set(bytes, at + 32 - bytes.length)
  }
}

function unsigned(bits: number, name: string): Encoder {
  const limit = 1n << BigInt(bits)
  return (value, out, at) => {
    const n = typeof value === 'bigint' ? value : typeof value === 'number' ? BigInt(value) : undefined
    if (n === undefined || n < 0n || n >= limit)
      throw new Error(`EIP-712 field ${name} is not a uint${bits}: ${String(value)}`)
    let rest = n
    for (let i = at + 31; rest > 0n; i--) {
      out[i] = Number(rest & 0xffn)
      rest >>= 8n
    }
  }
}

// GPU model names repeat across offers: each is hashed once (a bounded memo of a pure function).
const stringHashes = new Map<string, Uint8Array>()

function stringHash(value: string): Uint8Array {
  let hash = stringHashes.get(value)
  if (!hash) {
    hash = keccak256(stringToBytes(value), 'bytes')
    if (stringHashes.size >= 4096) stringHashes.clear()
    stringHashes.set(value, hash)
  }
  return hash
}

function encoderFor({ name, type }: Field): Encoder {
  if (type === 'address') return fixedBytes(ADDRESS, name, type)
  if (type === 'bytes32') return fixedBytes(BYTES32, name, type)
  if (type === 'string')
    return (value, out, at) => {
      if (typeof value !== 'string') throw new Error(`EIP-712 field ${name} is not a string`)
      out.set(stringHash(value), at)
    }
  const uint = /^uint(\d+)$/.exec(type)
  const bits = Number(uint?.[1])
  if (uint && bits >= 8 && bits <= 256 && bits % 8 === 0) return unsigned(bits, name)
  throw new Error(`EIP-712 type ${type} (field ${name}) is not supported by the struct hasher`)
}

/**
 * `encodeData` for an EIP-712 struct of atomic fields (address, bytes32, string, uintN): the type
 * hash (computed once) and each field as its 32-byte word, ready for `hashStruct` = keccak256 of
 * them. The same bytes as viem's, without its per-call type encoding and ABI encoder.
 */
export function structEncoder(primaryType: string, fields: readonly Field[]) {
  const signature = `${primaryType}(${fields.map((f) => `${f.type} ${f.name}`).join(',')})`
  const typeHash = keccak256(stringToBytes(signature), 'bytes')
  const encoders = fields.map(encoderFor)
  return (message: Readonly<Record<string, unknown>>): Uint8Array => {
    const words = new Uint8Array(32 * (fields.length + 1))
    words.set(typeHash, 0)
    for (const [i, field] of fields.entries()) encoders[i]?.(message[field.name], words, 32 * (i + 1))
    return words
  }
}

const encodeDomain = structEncoder('EIP712Domain', [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
])
const encodeOffer = structEncoder('Offer', offerTypes.Offer)
const encodeResources = structEncoder('OfferResources', offerResourcesTypes.OfferResources)

const separators = new Map<string, Uint8Array>()

/** The market's EIP-712 domain separator (`hashStruct` of its domain), computed once per chain and market. */
export function domainSeparator(chainId: number, market: Address): Uint8Array {
  const key = `${chainId}:${market.toLowerCase()}`
  let separator = separators.get(key)
  if (!separator) {
    separator = keccak256(encodeDomain(offerDomain(chainId, market) as Record<string, unknown>), 'bytes')
    separators.set(key, separator)
  }
  return separator
}

/** The offer's encoded struct: its digest is `typedDataDigest(domainSeparator(…), offerStruct(offer))`. */
export const offerStruct = (offer: Offer): Uint8Array => encodeOffer(offer)

/** The encoded `OfferResources` struct of the offer `offerId` (its access as the signed bit set). */
export const resourcesStruct = (offerId: Hex, resources: OfferResources): Uint8Array =>
  encodeResources(offerResourcesMessage(offerId, resources))

/** keccak256(0x1901 ‖ domain separator ‖ hashStruct): what is signed, from the encoded struct. */
export function typedDataDigest(separator: Uint8Array, struct: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(66)
  bytes[0] = 0x19
  bytes[1] = 0x01
  bytes.set(separator, 2)
  bytes.set(keccak256(struct, 'bytes'), 34)
  return keccak256(bytes, 'bytes')
}

/** What a provider signs for `offer`: `hashTypedData(offerTypedData(chainId, market, offer))`, as bytes. */
export function offerDigest(chainId: number, market: Address, offer: Offer): Uint8Array {
  return typedDataDigest(domainSeparator(chainId, market), offerStruct(offer))
}

/** What a provider signs for the offer's resources: `hashTypedData(offerResourcesTypedData(…))`, as bytes. */
export function offerResourcesDigest(
  chainId: number,
  market: Address,
  offerId: Hex,
  resources: OfferResources,
): Uint8Array {
  return typedDataDigest(domainSeparator(chainId, market), resourcesStruct(offerId, resources))
}
