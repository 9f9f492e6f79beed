import {
  type Address,
  BaseError,
  bytesToHex,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  type Hex,
  hexToBytes,
  isHex,
  keccak256,
  type PublicClient,
  parseAbi,
} from 'viem'
import type { OfferResources } from '@/lib/chain/offer-resources'
import type { Offer } from '@/lib/chain/offer-typed-data'
import { type KeyRecovery, type RecoveryJob, recoverKey } from './key-recovery'
import { offerDigest, offerResourcesDigest } from './offer-digest'

const erc1271 = parseAbi(['function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)'])
const ERC1271_MAGIC = '0x1626ba7e'
/** secp256k1 n / 2: OpenZeppelin's ECDSA refuses signatures with a larger s (malleable twins). */
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n

const toBigInt = (bytes: Uint8Array) => BigInt(bytesToHex(bytes))

/**
 * The recovery job for the 65-byte `signature` (r, s, v) of `digest`, or undefined where
 * OpenZeppelin's ECDSA refuses it before recovering: another length, v other than 27 or 28, or a
 * high s. (r or s zero or past n, or an r that is no point's x, recover no key.)
 */
function recoveryJob(digest: Uint8Array, signature: Hex): RecoveryJob | undefined {
  if (!isHex(signature, { strict: true }) || signature.length !== 132) return undefined
  const bytes = hexToBytes(signature)
  const v = bytes[64]
  if ((v !== 27 && v !== 28) || toBigInt(bytes.subarray(32, 64)) > HALF_N) return undefined
  return { digest, rs: bytes.subarray(0, 64), recoveryId: v === 27 ? 0 : 1 }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

const addressOfKey = (key: Uint8Array) => keccak256(key, 'bytes').subarray(12)

/**
 * The address whose key made `signature` of `digest`, as `ecrecover` finds it, or undefined where
 * OpenZeppelin's ECDSA would refuse it. libsecp256k1 (WebAssembly) does the recovery, about ten
 * times faster than the curve arithmetic in JavaScript.
 */
export function recoverSigner(digest: Uint8Array, signature: Hex): Uint8Array | undefined {
  const job = recoveryJob(digest, signature)
  const key = job && recoverKey(job)
  return key && addressOfKey(key)
}

// Providers' public keys once one of their signatures has recovered to them: a key seen before is
// compared, not hashed again. (An address has one key; the map is only a shortcut.)
const knownKeys = new Map<string, Uint8Array>()
const MAX_KNOWN_KEYS = 100_000

/** Whether the public key `key` (x‖y) is `provider`'s. */
function isKeyOf(provider: Address, key: Uint8Array | undefined): boolean {
  if (!key) return false
  const known = knownKeys.get(provider.toLowerCase())
  if (known && sameBytes(known, key)) return true
  if (!sameBytes(addressOfKey(key), hexToBytes(provider))) return false
  if (knownKeys.size >= MAX_KNOWN_KEYS) knownKeys.clear()
  knownKeys.set(provider.toLowerCase(), key.slice())
  return true
}

export type SignatureVerdict = 'valid' | 'invalid' | 'unverifiable'

export type SignatureContext = {
  chain: PublicClient
  chainId: number
  market: Address
  /** Whether the provider's address holds code; asked only when ECDSA fails, once per provider. */
  providerHasCode: () => Promise<boolean>
}

/** An offer with both its signatures. */
export type SignedPair = { offer: Offer; signature: Hex; resources: OfferResources; resourcesSignature: Hex }

/** The EIP-712 digests a provider signs for an offer and for its resources. */
export type PairDigests = { offer: Uint8Array; resources: Uint8Array }

/** Whether `signature` of `digest` was made by the key of `provider` (CPU only, no chain). */
export function signedByKey(provider: Address, digest: Uint8Array, signature: Hex): boolean {
  const signer = recoverSigner(digest, signature)
  return signer !== undefined && sameBytes(signer, hexToBytes(provider))
}

/** The ECDSA half of a pair's check: its digests, and whether each signature is the provider's key's. */
export type KeyVerdicts = {
  digests: PairDigests
  offerByKey: boolean
  /** Looked at only once the offer's own signature holds: undefined when it does not. */
  resourcesByKey: boolean | undefined
}

const PAIRS_AT_ONCE = 16

/**
 * The ECDSA half of the checks of `pairs`, all CPU: the digests are computed through `keys.queue`
 * (a few pairs at a time, in order with the poll's other CPU work) and the keys recovered by
 * `keys` (in worker threads when it has them).
 */
export async function checkPairsByKey(
  pairs: readonly SignedPair[],
  chainId: number,
  market: Address,
  keys: KeyRecovery,
): Promise<KeyVerdicts[]> {
  const prepare = (pair: SignedPair) => {
    const { offer, resources } = pair
    const digests: PairDigests = {
      offer: offerDigest(chainId, market, offer),
      resources: offerResourcesDigest(chainId, market, offer.offerId, resources),
    }
    return {
      digests,
      offerJob: recoveryJob(digests.offer, pair.signature),
      resourcesJob: recoveryJob(digests.resources, pair.resourcesSignature),
    }
  }
  const chunks: SignedPair[][] = []
  for (let i = 0; i < pairs.length; i += PAIRS_AT_ONCE) chunks.push(pairs.slice(i, i + PAIRS_AT_ONCE))
  const prepared = (await Promise.all(chunks.map((chunk) => keys.queue.run(() => chunk.map(prepare))))).flat()
  const jobs = prepared.flatMap((p) => [p.offerJob, p.resourcesJob].filter((job) => job !== undefined))
  const found = new Map<RecoveryJob, Uint8Array | undefined>()
  for (const [i, key] of (await keys.recover(jobs)).entries()) found.set(jobs[i] as RecoveryJob, key)
  return prepared.map(({ digests, offerJob, resourcesJob }, i) => {
    const provider = (pairs[i] as SignedPair).offer.provider
    const offerByKey = isKeyOf(provider, offerJob && found.get(offerJob))
    const resourcesByKey = offerByKey ? isKeyOf(provider, resourcesJob && found.get(resourcesJob)) : undefined
    return { digests, offerByKey, resourcesByKey }
  })
}

/**
 * Checks a signature the way `WeftMarket._checkSignature` does, so an offer listed here can be
 * rented: ECDSA first (65 bytes, v 27 or 28, low s, recovering to the provider), and when that
 * fails and the provider is a contract, ERC-1271 `isValidSignature` through the chain. The
 * provider's `OfferResources` signature is held to the same rules (the contract never sees it, but
 * the same key or wallet must have vouched for both). `unverifiable` means the chain could not be
 * asked (the offer is dropped, not trusted). `byKey` is the ECDSA half's answer when known.
 */
export async function checkSignature(
  provider: Address,
  digest: Uint8Array,
  signature: Hex,
  context: SignatureContext,
  byKey = signedByKey(provider, digest, signature),
): Promise<SignatureVerdict> {
  if (byKey) return 'valid'
  // Not the provider's key: the contract asks the provider's code next (ERC-1271), and so do we.
  let hasCode: boolean
  try {
    hasCode = await context.providerHasCode()
  } catch {
    return 'unverifiable'
  }
  if (!hasCode) return 'invalid'
  try {
    const answer = await context.chain.readContract({
      address: provider,
      abi: erc1271,
      functionName: 'isValidSignature',
      args: [bytesToHex(digest), signature],
    })
    return answer.toLowerCase() === ERC1271_MAGIC ? 'valid' : 'invalid'
  } catch (error) {
    const reverted =
      error instanceof BaseError &&
      error.walk(
        (e) => e instanceof ContractFunctionRevertedError || e instanceof ContractFunctionZeroDataError,
      )
    return reverted ? 'invalid' : 'unverifiable'
  }
}
