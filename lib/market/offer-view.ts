import { z } from 'zod'
import { offerResourcesSchema } from '@/lib/chain/offer-resources'

/*
 * What GET /api/offers answers, defined once: the route builds its answer as these types and the
 * browser reads the answer with these schemas, so the two cannot drift apart.
 */

/** An offer as the API returns it: the signed offer (to rent with) and what the market knows around it. */
const offerViewSchema = z.object({
  offer: z.object({
    provider: z.string(),
    offerId: z.string(),
    gpuModel: z.string(),
    gpuCount: z.number().int(),
    vramMiB: z.number().int(),
    token: z.string(),
    pricePerHour: z.string(),
    minDuration: z.number().int(),
    maxDuration: z.number().int(),
    expiresAt: z.string(),
  }),
  signature: z.string(),
  /**
   * CPU, memory and disk sold with the GPUs, the ways into the job and the runner, and the
   * provider's `OfferResources` signature of them.
   */
  resources: offerResourcesSchema,
  resourcesSignature: z.string(),
  gpuModelId: z.string().nullable(),
  gpuName: z.string(),
  region: z.string(),
  pricePerHourUsd: z.number(),
  pricePerGpuHourUsd: z.number(),
  reliability: z.number().nullable(),
  stakeUsd: z.number(),
  seenAt: z.string(),
  /** Not refreshed by the last polls: the provider may be down; shown, but flagged. */
  stale: z.boolean(),
})
export type OfferView = z.infer<typeof offerViewSchema>

/** One page of a listing, its total and the facet counts of the whole match. */
export const offerPageSchema = z.object({
  offers: z.array(offerViewSchema),
  next: z.string().nullable(),
  total: z.number().int().nonnegative(),
  facets: z.object({
    gpu: z.array(z.object({ gpuModel: z.string(), gpuName: z.string(), count: z.number().int() })),
    region: z.array(z.object({ region: z.string(), count: z.number().int() })),
  }),
  sort: z.object({ field: z.string(), order: z.enum(['asc', 'desc']) }),
})
export type OfferPage = z.infer<typeof offerPageSchema>
