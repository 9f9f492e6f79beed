import type { Address } from 'viem'
import { z } from 'zod'
import { type FieldSchemas, hexBytes, safeText } from './wire-fields'

/** An agent's `GET /v1/health`: whom it serves, and whether it can take rentals now. */
export type HealthReport = {
  ok: boolean
  version: string
  provider: Address
  chainId: number
  market: Address
  gpus: number
  freeGpus: number
  runningJobs: number
  chainReachable: boolean
  startedAt: number
  /** The SSH gateway (agent/access), when the provider runs one: its port and host key fingerprint. */
  ssh?: { port: number; hostKeyFingerprint: string }
}

const count = z.number().int().min(0).max(100_000)

/** The market's check of a `HealthReport`; a field added to the type and not here fails to compile. */
export const healthSchema = z.object({
  ok: z.boolean(),
  version: safeText(64),
  provider: hexBytes(20),
  chainId: z.number().int().positive(),
  market: hexBytes(20),
  gpus: count,
  freeGpus: count,
  runningJobs: count,
  chainReachable: z.boolean(),
  startedAt: z.number(),
  ssh: z
    .strictObject({
      port: z.number().int().min(1).max(65_535),
      hostKeyFingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
    })
    .optional(),
} satisfies FieldSchemas<HealthReport>)
export type HealthBody = z.infer<typeof healthSchema>
