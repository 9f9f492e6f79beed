import { z } from 'zod'
import { gpuSampleSchema } from './gpu-metrics'
import { signedOfferSchema } from './signed-offer'

/*
 * Answers of an agent's routes that the market reads only in part (it keeps what it shows), written
 * out in full for other clients: `GET /v1/inventory`, every field of `GET /v1/offers` entries and of
 * `GET /v1/rentals/:id/metrics` samples. A test checks them against the agent's own types.
 */

const reading = z.number().nullable()

/** The canonical catalog model of a GPU (lib/market/gpu-model.ts). */
export const gpuModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  family: z.string(),
  vendor: z.enum(['nvidia', 'amd']),
  architecture: z.string(),
  formFactor: z.enum(['PCIe', 'SXM', 'NVL', 'OAM']),
  memoryGiB: z.number(),
  memoryMiB: z.number(),
})

/** One GPU of the host as `GET /v1/inventory` lists it; readings a GPU cannot give are null. */
export const gpuDeviceSchema = z.object({
  index: z.number().int().nonnegative(),
  uuid: z.string(),
  name: z.string(),
  model: gpuModelSchema.nullable(),
  memoryMiB: z.number(),
  memoryUsedMiB: reading,
  memoryFreeMiB: reading,
  utilizationPct: reading,
  memoryUtilizationPct: reading,
  temperatureC: reading,
  powerW: reading,
  powerLimitW: reading,
  pciBusId: z.string().nullable(),
  driverVersion: z.string().nullable(),
  computeCapability: z.string().nullable(),
  maxSmClockMHz: reading,
  migMode: z.enum(['enabled', 'disabled']).nullable(),
})

/** `GET /v1/inventory`. */
export const inventoryAnswerSchema = z.object({ gpus: z.array(gpuDeviceSchema) })

/** One entry of `GET /v1/offers`: the signed offer, its signed resources and what is shown beside them. */
export const signedOfferEntrySchema = signedOfferSchema.extend({
  /** The catalog id of the offer's GPU model, or null when the catalog does not know it. */
  gpuModelId: z.string().nullable(),
  /** The host's GPU indices this offer sells (display only). */
  gpuIndices: z.array(z.number().int().nonnegative()),
})

/** `GET /v1/offers`. */
export const offersAnswerSchema = z.object({ offers: z.array(signedOfferEntrySchema) })

/** One sample of `GET /v1/rentals/:id/metrics`, every field the agent sends. */
export const gpuMetricSampleSchema = gpuSampleSchema.extend({
  /** nvidia-smi's timestamp as printed (host local time, no offset); `timeMs` is the same moment. */
  timestamp: z.string(),
  uuid: z.string(),
  memoryFreeMiB: reading,
  memoryUtilizationPct: reading,
  temperatureC: reading,
  powerW: reading,
  smClockMHz: reading,
  /** Performance state, P0 (maximum) to P12 (minimum). */
  pstate: z.string().nullable(),
})

/** `GET /v1/rentals/:id/metrics`. */
export const metricsAnswerSchema = z.object({ samples: z.array(gpuMetricSampleSchema) })

/** The `overflow` event of the log stream: where the client should page on from with /logs. */
export const logOverflowSchema = z.object({ after: z.number().int().nonnegative() })
