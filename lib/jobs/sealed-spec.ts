import { decrypt, encrypt } from 'eciesjs'
import {
  type Address,
  bytesToHex,
  concatHex,
  type Hex,
  hashTypedData,
  hexToBytes,
  keccak256,
  recoverPublicKey,
  sliceHex,
  stringToBytes,
} from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import type { z } from 'zod'
import { type Offer, offerTypedData } from '@/lib/chain/offer-typed-data'
import { canonicalJson, type JobSpec, jobSpecSchema } from './job-spec'

/**
 * A job spec sealed to its provider: `0x01 ‖ ECIES(providerPublicKey, canonicalJson(spec))`.
 *
 * ECIES is eciesjs's default scheme (secp256k1, an ephemeral uncompressed public key of 65 bytes,
 * HKDF-SHA256 over ephemeralPublicKey ‖ sharedPoint (uncompressed) with no salt or info, AES-256-GCM
 * with a 16-byte nonce and a 16-byte tag: ephemeralPublicKey ‖ nonce ‖ tag ‖ ciphertext). The
 * provider's key is the secp256k1 key that signs its offers, so any signed offer names it: a client
 * recovers it from the offer's EIP-712 signature. The renter puts the sealed bytes in `rent`'s
 * calldata; the `Rented` event carries them to the provider's agent, and `keccak256(sealed)` is the
 * rental's `jobSpecHash`. Nobody but the provider can read the spec (environment variables included).
 */
export const SEALED_SPEC_VERSION = 0x01

/** The contract's MAX_SEALED_SPEC_BYTES: `rent` refuses anything longer. */
export const MAX_SEALED_SPEC_BYTES = 32 * 1024

/** Bytes a sealed spec adds to the spec's JSON: version, ephemeral key, nonce and tag. */
export const SEALED_SPEC_OVERHEAD = 1 + 65 + 16 + 16

export class SealedSpecTooLarge extends Error {
  constructor(readonly bytes: number) {
    super(
      `The job spec is ${bytes.toLocaleString('en-US')} bytes sealed; the market takes at most ${MAX_SEALED_SPEC_BYTES.toLocaleString('en-US')}. Shorten its environment variables or command.`,
    )
  }
}

/** Seals a valid job spec to the provider's public key (65-byte uncompressed, or 33 compressed). */
export function sealJobSpec(spec: z.input<typeof jobSpecSchema>, providerPublicKey: Hex): Hex {
  const plaintext = stringToBytes(canonicalJson(jobSpecSchema.parse(spec)))
  const sealed = concatHex([
    bytesToHex(Uint8Array.of(SEALED_SPEC_VERSION)),
    bytesToHex(encrypt(hexToBytes(providerPublicKey), plaintext)),
  ])
  const bytes = (sealed.length - 2) / 2
  if (bytes > MAX_SEALED_SPEC_BYTES) throw new SealedSpecTooLarge(bytes)
  return sealed
}

/** The rental's `jobSpecHash`: keccak256 of the sealed bytes exactly as `rent` carried them. */
export function sealedSpecHash(sealed: Hex): Hex {
  return keccak256(sealed)
}

export type OpenedSpec =
  | { ok: true; spec: JobSpec }
  /** `unreadable`: not sealed to this key (or not sealed at all); `invalid`: not a valid job spec. */
  | { ok: false; problem: 'unreadable' | 'invalid'; message: string }

/** Opens a sealed spec with the provider's private key and validates what it holds. */
export function openSealedSpec(sealed: Hex, providerPrivateKey: Hex): OpenedSpec {
  let plaintext: string
  try {
    if (sealed.length < 2 + 2 * SEALED_SPEC_OVERHEAD) throw new Error('too short')
    const version = Number.parseInt(sealed.slice(2, 4), 16)
    if (version !== SEALED_SPEC_VERSION) {
      return { ok: false, problem: 'unreadable', message: `unknown sealed-spec version ${version}` }
    }
    const body = hexToBytes(sliceHex(sealed, 1))
    plaintext = new TextDecoder('utf-8', { fatal: true }).decode(
      decrypt(hexToBytes(providerPrivateKey), body),
    )
  } catch {
    return {
      ok: false,
      problem: 'unreadable',
      message: 'the sealed job spec does not decrypt with this provider’s key',
    }
  }
  let json: unknown
  try {
    json = JSON.parse(plaintext)
  } catch {
    return { ok: false, problem: 'invalid', message: 'the job spec is not JSON' }
  }
  const parsed = jobSpecSchema.safeParse(json)
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; ')
    return { ok: false, problem: 'invalid', message }
  }
  return { ok: true, spec: parsed.data }
}

export class ProviderKeyUnavailable extends Error {
  constructor(provider: Address) {
    super(
      `This offer's signature does not come from ${provider}'s own key (a contract wallet signs it), so a job spec cannot be sealed to it.`,
    )
  }
}

/**
 * The provider's public key (65-byte uncompressed, 0x04…), recovered from its signature of `offer`
 * and checked against `offer.provider`.
 */
export async function providerSealingKey(
  chainId: number,
  market: Address,
  offer: Offer,
  signature: Hex,
): Promise<Hex> {
  const hash = hashTypedData(offerTypedData(chainId, market, offer))
  let publicKey: Hex
  try {
    publicKey = await recoverPublicKey({ hash, signature })
  } catch {
    throw new ProviderKeyUnavailable(offer.provider)
  }
  if (publicKeyToAddress(publicKey).toLowerCase() !== offer.provider.toLowerCase()) {
    throw new ProviderKeyUnavailable(offer.provider)
  }
  return publicKey
}
