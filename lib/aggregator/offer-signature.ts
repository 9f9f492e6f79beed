import { recover } from 'tiny-secp256k1'
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
import { domainSeparator, offerStruct, resourcesStruct } from './offer-digest'
import type { SignatureFinding, SignatureJob, SignerRecovery } from './signer-recovery'

const erc1271 = parseAbi(['function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)'])
const ERC1271_MAGIC = '0x1626ba7e'
/** secp256k1 n / 2: OpenZeppelin's ECDSA refuses signatures with a larger s (malleable twins). */
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n

const toBigInt = (bytes: Uint8Array) => BigInt(bytesToHex(bytes))

/**
 * The r‖s and recovery id of a 65-byte `signature` (r, s, v), or undefined where OpenZeppelin's
 * ECDSA refuses it before recovering: another length, v other than 27 or 28, or a high s. (r or s
 * zero or past n, or an r that is no point's x, recover no key.)
 */
function recoveryParts(signature: Hex): SignatureJob['signature'] {
  if (!isHex(signature, { strict: true }) || signature.length !== 132) return undefined
  const bytes = hexToBytes(signature)
  const v = bytes[64]
  if ((v !== 27 && v !== 28) || toBigInt(bytes.subarray(32, 64)) > HALF_N) return undefined
  return { rs: bytes.subarray(0, 64), recoveryId: v === 27 ? 0 : 1 }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

/**
 * The address whose key made `signature` of `digest`, as `ecrecover` finds it, or undefined where
 * OpenZeppelin's ECDSA would refuse it. libsecp256k1 (WebAssembly) does the recovery, about ten
 * times faster than the curve arithmetic in JavaScript.
 */
export function recoverSigner(digest: Uint8Array, signature: Hex): Uint8Array | undefined {
  const parts = recoveryParts(signature)
  if (!parts) return undefined
  try {
    const key = recover(digest, parts.rs, parts.recoveryId, false)
    return key ? keccak256(key.subarray(1), 'bytes').subarray(12) : undefined
  } catch {
    return undefined
  }
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

/**
 * The ECDSA half of the checks of `pairs`, all CPU: the structs are encoded here, and their
 * digests computed and the signers' keys recovered by `signers` (in worker threads when it has
 * them), all of one provider's together.
 */
export async function checkPairsByKey(
  pairs: readonly SignedPair[],
  chainId: number,
  market: Address,
  signers: SignerRecovery,
): Promise<KeyVerdicts[]> {
  const separator = domainSeparator(chainId, market)
  const jobs = pairs.flatMap(({ offer, signature, resources, resourcesSignature }) => [
    { separator, struct: offerStruct(offer), signature: recoveryParts(signature) },
    {
      separator,
      struct: resourcesStruct(offer.offerId, resources),
      signature: recoveryParts(resourcesSignature),
    },
  ])
  const found = await signers.check(jobs)
  return pairs.map(({ offer }, i) => {
    const [forOffer, forResources] = [found[2 * i], found[2 * i + 1]] as [SignatureFinding, SignatureFinding]
    const provider = hexToBytes(offer.provider)
    const offerByKey = forOffer.signer !== undefined && sameBytes(forOffer.signer, provider)
    const resourcesByKey = offerByKey
      ? forResources.signer !== undefined && sameBytes(forResources.signer, provider)
      : undefined
    return { digests: { offer: forOffer.digest, resources: forResources.digest }, offerByKey, resourcesByKey }
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
