import { type Address, getAddress, type Hex, type PublicClient } from 'viem'
import type { Offer } from '@/lib/chain/offer-typed-data'
import { offersBodySchema, signedOfferSchema } from '@/lib/protocol/signed-offer'
import { parseBoundedJson } from './bounded-json'
import { type DropReason, reasonForIssues } from './drop-reasons'
import {
  checkPairsByKey,
  checkSignature,
  type KeyVerdicts,
  type SignatureContext,
  type SignatureVerdict,
  type SignedPair,
} from './offer-signature'
import { SignatureCache } from './signature-cache'
import { SignerRecovery } from './signer-recovery'

export type OfferChecks = {
  chain: PublicClient
  chainId: number
  market: Address
  /** The market's payment token: offers in any other token are dropped. */
  token: Address
  tokenDecimals: number
  /** The registered provider whose endpoint served the body. */
  provider: Address
  now: Date
  /** Offers already found valid: checked again only when their signed content changed. */
  cache?: SignatureCache
  /** Where the signatures' keys are recovered, shared by a poll's providers (in this thread if not). */
  signers?: SignerRecovery
}

/** A checked offer: both signatures hold for the provider that served it. */
export type AcceptedOffer = SignedPair & { region: string }
export type DropCount = { reason: DropReason; count: number }
/**
 * `listOk` is false when the body as a whole is unusable (invalid, not a list, or not checkable
 * now): the poll of this provider failed and its previous offers stand.
 */
export type OffersVerdict = {
  listOk: boolean
  problem?: DropReason
  offers: AcceptedOffer[]
  dropped: DropCount[]
}

/** The contract's cap on a rental's length (3650 days): an offer whose minimum exceeds it cannot fill. */
const MAX_RENTAL_SECONDS = 3650 * 86_400
export const OFFER_LIMITS = { maxBytes: 2 * 1024 * 1024, maxDepth: 16, maxOffers: 500 }
/** No GPU rents for more than this per hour: a price above it is a mistake or an attack on sorting. */
const MAX_USD_PER_GPU_HOUR = 1000n
/** Offers signed to stay valid for longer than this are refused as implausible. */
const MAX_OFFER_LIFETIME_S = 365 * 86_400

type Entry = { ok: true; offer: AcceptedOffer } | { ok: false; reason: DropReason }

function checkFields(raw: unknown, checks: OfferChecks): Entry {
  const parsed = signedOfferSchema.safeParse(raw)
  if (!parsed.success) return { ok: false, reason: reasonForIssues(parsed.error.issues, raw) }
  const { offer: o, signature, resources, resourcesSignature, region } = parsed.data
  const offer: Offer = {
    ...o,
    provider: getAddress(o.provider),
    offerId: o.offerId.toLowerCase() as Hex,
    token: getAddress(o.token),
    pricePerHour: BigInt(o.pricePerHour),
    expiresAt: BigInt(o.expiresAt),
  }
  const ceiling = MAX_USD_PER_GPU_HOUR * 10n ** BigInt(checks.tokenDecimals) * BigInt(offer.gpuCount)
  if (offer.pricePerHour === 0n || offer.pricePerHour > ceiling) return { ok: false, reason: 'bad price' }
  if (offer.minDuration > offer.maxDuration || offer.minDuration > MAX_RENTAL_SECONDS)
    return { ok: false, reason: 'bad duration' }
  if (offer.provider !== getAddress(checks.provider)) return { ok: false, reason: 'wrong provider' }
  if (offer.token !== getAddress(checks.token)) return { ok: false, reason: 'wrong token' }
  const nowS = BigInt(Math.floor(checks.now.getTime() / 1000))
  if (offer.expiresAt <= nowS) return { ok: false, reason: 'expired' }
  if (offer.expiresAt > nowS + BigInt(MAX_OFFER_LIFETIME_S)) return { ok: false, reason: 'bad expiry' }
  const accepted = {
    offer,
    signature: signature as Hex,
    resources,
    resourcesSignature: resourcesSignature as Hex,
    region,
  }
  return { ok: true, offer: accepted }
}

const verdictReason = (verdict: SignatureVerdict, invalid: DropReason): DropReason | undefined =>
  verdict === 'valid' ? undefined : verdict === 'invalid' ? invalid : 'signature unverifiable'

/**
 * Why the offer's signature or its resources' fails, or undefined when both are the provider's.
 * `byKey` is the ECDSA half, already done; the chain is asked only where it failed.
 */
async function signatureProblem(
  signed: SignedPair,
  byKey: KeyVerdicts,
  context: SignatureContext,
): Promise<DropReason | undefined> {
  const { offer, signature, resourcesSignature } = signed
  const { digests, offerByKey, resourcesByKey } = byKey
  const offerVerdict = await checkSignature(offer.provider, digests.offer, signature, context, offerByKey)
  const problem = verdictReason(offerVerdict, 'bad signature')
  if (problem) return problem
  const resourcesVerdict = await checkSignature(
    offer.provider,
    digests.resources,
    resourcesSignature,
    context,
    resourcesByKey,
  )
  return verdictReason(resourcesVerdict, 'bad resources signature')
}

function tally(reasons: DropReason[]): DropCount[] {
  const counts = new Map<DropReason, number>()
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1)
  return [...counts].map(([reason, count]) => ({ reason, count }))
}

/**
 * Validates a provider's `GET /v1/offers` body. The body is parsed with size and depth bounds;
 * each offer is checked on its own (schema, sane numbers, safe text, provider, token, expiry,
 * signatures of the offer and of its resources for this chain and market) and dropped with a
 * reason when it fails.
 */
export async function validateOffersBody(
  body: Uint8Array | string,
  checks: OfferChecks,
  limits = OFFER_LIMITS,
): Promise<OffersVerdict> {
  const json = parseBoundedJson(body, limits)
  if (!json.ok)
    return { listOk: false, problem: json.reason, offers: [], dropped: [{ reason: json.reason, count: 1 }] }
  const list = offersBodySchema.safeParse(json.value)
  if (!list.success)
    return {
      listOk: false,
      problem: 'not an offer list',
      offers: [],
      dropped: [{ reason: 'not an offer list', count: 1 }],
    }

  const dropped: DropReason[] = []
  const entries = list.data.offers
  for (let i = limits.maxOffers; i < entries.length; i++) dropped.push('too many offers')
  const seen = new Set<string>()
  // The offers that passed the field checks, in order; `key` is set on those not checked before.
  const slots: { offer: AcceptedOffer; key?: string; problem?: DropReason }[] = []
  for (const raw of entries.slice(0, limits.maxOffers)) {
    const entry = checkFields(raw, checks)
    if (!entry.ok) {
      dropped.push(entry.reason)
      continue
    }
    const { offer } = entry.offer
    if (seen.has(offer.offerId)) {
      dropped.push('duplicate offer')
      continue
    }
    seen.add(offer.offerId)
    const key = SignatureCache.key(checks.chainId, checks.market, entry.offer)
    slots.push(checks.cache?.has(key) ? { offer: entry.offer } : { offer: entry.offer, key })
  }
  // The new offers' keys are recovered together, so this provider's come back together.
  const unchecked = slots.filter((slot) => slot.key !== undefined)
  const signers = checks.signers ?? new SignerRecovery({ workers: 0 })
  const byKey = await checkPairsByKey(
    unchecked.map((slot) => slot.offer),
    checks.chainId,
    checks.market,
    signers,
  )
  let code: Promise<boolean> | undefined
  const providerHasCode = () => {
    code ??= checks.chain.getCode({ address: checks.provider }).then((c) => c !== undefined && c !== '0x')
    return code
  }
  for (const [i, slot] of unchecked.entries()) {
    const verdicts = byKey[i] as KeyVerdicts
    slot.problem = await signatureProblem(slot.offer, verdicts, { ...checks, providerHasCode })
    if (slot.problem) dropped.push(slot.problem)
    else if (slot.key) checks.cache?.add(slot.key)
  }
  const offers = slots.filter((slot) => !slot.problem).map((slot) => slot.offer)
  // Without the chain, a contract provider's offers cannot be checked: keep what was checked before
  // rather than replace the provider's offers with a partial list.
  if (dropped.includes('signature unverifiable'))
    return { listOk: false, problem: 'signature unverifiable', offers: [], dropped: tally(dropped) }
  return { listOk: true, offers, dropped: tally(dropped) }
}
