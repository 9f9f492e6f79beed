import type { Hex } from 'viem'
import { z } from 'zod'
import { type OfferResources, offerResourcesSchema } from '@/lib/chain/offer-resources'
import type { Offer } from '@/lib/chain/offer-typed-data'
import { type FieldSchemas, hexBytes, safeText, signatureHex, uint32, uintText } from './wire-fields'

/** `Offer` as JSON carries it: the same fields, bigints as decimal strings. */
export type OfferJson = { [K in keyof Offer]: Offer[K] extends bigint ? string : Offer[K] }

/** One entry of an agent's `GET /v1/offers`: the signed offer and what is shown beside it. */
export type SignedOfferJson = {
  offer: OfferJson
  signature: Hex
  /** CPU, memory, disk and network sold with the GPUs, the ways in and the runner, signed as `OfferResources`. */
  resources: OfferResources
  resourcesSignature: Hex
  /** Not signed: where the machine is and what it is, for display and filtering. */
  region: string
  gpuModelId: string | null
  gpuIndices: number[]
}

/** `offer` with its bigints as decimal strings (typed so a new bigint field in `Offer` fails here). */
export function offerToJson(offer: Offer): OfferJson {
  return { ...offer, pricePerHour: offer.pricePerHour.toString(), expiresAt: offer.expiresAt.toString() }
}

/**
 * The resources are signed as uint32 but stored in int4 columns: a figure past 2^31 - 1 (2 PiB of
 * memory or disk, two billion cores) is no real machine, and refusing it here keeps one provider's
 * absurd offer from failing the database write of a whole batch.
 */
const MAX_INT32 = 2_147_483_647

// Checked against `OfferJson`: a field added to `Offer` and not here fails to compile.
const offerFields = {
  provider: hexBytes(20),
  offerId: hexBytes(32),
  gpuModel: safeText(64),
  gpuCount: z.number().int().min(1).max(64),
  vramMiB: z
    .number()
    .int()
    .min(1)
    .max(4 * 1024 * 1024),
  token: hexBytes(20),
  pricePerHour: uintText(78),
  minDuration: uint32,
  maxDuration: uint32.min(1),
  expiresAt: uintText(20),
} satisfies FieldSchemas<OfferJson>

/** What the market reads of a `SignedOfferJson`; the display-only GPU ids and indices are not read. */
export const signedOfferSchema = z.object({
  offer: z.object(offerFields),
  signature: signatureHex,
  resources: offerResourcesSchema.refine(
    (r) =>
      r.cpus <= MAX_INT32 && r.memoryMiB <= MAX_INT32 && r.diskMiB <= MAX_INT32 && r.networkMbps <= MAX_INT32,
    { message: 'implausible resources' },
  ),
  resourcesSignature: signatureHex,
  region: safeText(64),
})

/** `GET /v1/offers`: the list is checked here; its entries one by one, so one bad offer drops alone. */
export const offersBodySchema = z.object({ offers: z.array(z.unknown()) })
