import { z } from 'zod'

/**
 * What GET /api/providers says of each provider: registration, stake and how polling its agent
 * went. The route builds its answer as this type; the provider console reads it with this schema.
 */
const providerViewSchema = z.object({
  address: z.string(),
  providerId: z.number().int(),
  endpoint: z.string(),
  stake: z.string().regex(/^\d+$/),
  registeredAt: z.string(),
  reachable: z.boolean(),
  endpointRefused: z.string().nullable(),
  lastPolledAt: z.string().nullable(),
  lastOkAt: z.string().nullable(),
  lastError: z.string().nullable(),
  latencyMs: z.number().nullable(),
  reliability7d: z.number().nullable(),
  reliability1h: z.number().nullable(),
  offerCount: z.number().int(),
  dropped: z.array(z.object({ reason: z.string(), count: z.number().int() })),
})
export type ProviderView = z.infer<typeof providerViewSchema>

export const providerListSchema = z.object({ providers: z.array(providerViewSchema) })
