import { z } from 'zod'
import type { ModelStats } from '@/lib/market/market-stats'
import { offerPageSchema } from '@/lib/market/offer-view'
import type { ProviderRecord } from '@/lib/market/provider-list'
import { type FieldSchemas, hexBytes } from './wire-fields'

/*
 * Requests and answers of the market API that had no schema of their own: the routes build them
 * inline. Defined here so the API's OpenAPI document says exactly what they are; the types are
 * checked against the code's, so a field added there and not here fails to compile.
 */

/** `GET /api/health`. */
export const marketHealthSchema = z.object({ ok: z.literal(true) })

/** `GET /api/market/stats`: per GPU model, over live offers. */
export const marketStatsSchema = z.object({
  models: z.array(
    z.object({
      gpuModel: z.string(),
      gpuModelId: z.string().nullable(),
      gpuName: z.string(),
      offers: z.number().int().nonnegative(),
      gpusAvailable: z.number().int().nonnegative(),
      minPerGpuHourUsd: z.number(),
      medianPerGpuHourUsd: z.number(),
      maxPerGpuHourUsd: z.number(),
    } satisfies FieldSchemas<ModelStats>),
  ),
})

/** The provider's record beside one offer (`GET /api/offers/:id`). */
const offerProviderSchema = z.object({
  address: z.string(),
  endpoint: z.string(),
  stake: z.string().regex(/^\d+$/),
  registeredAt: z.string(),
  reliability7d: z.number().nullable(),
  reliability1h: z.number().nullable(),
  lastOkAt: z.string().nullable(),
} satisfies FieldSchemas<Omit<ProviderRecord, 'offerCount'>>)

/** `GET /api/offers/:id`: the offer as the listing has it, whether it has expired, and its provider. */
export const offerDetailSchema = offerPageSchema.shape.offers.element.extend({
  expired: z.boolean(),
  provider: offerProviderSchema.nullable(),
})

/** `GET /api/offers/:id`'s path and query. */
export const offerPathSchema = z.object({ id: hexBytes(32) })
export const offerDetailQuerySchema = z.object({ provider: hexBytes(20).optional() })

/** `GET /api/offers` paging (the filter parameters are read by lib/market/filter-grammar-params.ts). */
export const offerPagingSchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1, 'limit must be 1 to 200')
    .max(200, 'limit must be 1 to 200')
    .default(50),
  cursor: z.string().max(512).optional(),
})

/** `POST /api/auth/verify`: a signed EIP-4361 message. */
export const signInRequestSchema = z.strictObject({ message: z.string(), signature: z.string() })

/** A rental id in a market path: a uint256 in decimal or 0x-hex (lib/server/rental-access.ts). */
export const marketRentalPathSchema = z.object({
  id: z.string().regex(/^(0x[0-9a-fA-F]{1,64}|\d{1,78})$/),
})
