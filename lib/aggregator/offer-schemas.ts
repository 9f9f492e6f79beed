import { z } from 'zod'
import { offerResourcesSchema } from '@/lib/chain/offer-resources'

/** Why an offer (or a whole response) was dropped; counted per provider per poll. */
export type DropReason =
  | 'invalid JSON'
  | 'too deeply nested'
  | 'too large'
  | 'not an offer list'
  | 'too many offers'
  | 'malformed offer'
  | 'unsafe text'
  | 'bad price'
  | 'bad GPU count'
  | 'bad VRAM'
  | 'bad duration'
  | 'bad expiry'
  | 'expired'
  | 'wrong provider'
  | 'wrong token'
  | 'duplicate offer'
  | 'bad signature'
  | 'no resources'
  | 'bad resources'
  | 'bad resources signature'
  | 'signature unverifiable'

const MAX_UINT32 = 4_294_967_295
/**
 * The resources are signed as uint32 but stored in int4 columns: a figure past 2^31 - 1 (2 PiB of
 * memory or disk, two billion cores) is no real machine, and refusing it here keeps one provider's
 * absurd offer from failing the database write of a whole batch.
 */
const MAX_INT32 = 2_147_483_647
/** The contract's cap on a rental's length (3650 days): an offer whose minimum exceeds it cannot fill. */
export const MAX_RENTAL_SECONDS = 3650 * 86_400

/**
 * Text is stored and shown as-is (the UI renders text only), so text that could be read as markup
 * (`<`, `>`), reorder what is around it (bidi controls), hide itself (zero-width) or break a line
 * (control characters) is refused rather than cleaned: the signed model name cannot be changed
 * without breaking its signature anyway.
 */
function isSafeText(value: string): boolean {
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false
    if ((c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      return false
    if (ch === '<' || ch === '>') return false
  }
  return true
}

const text = (max: number) => z.string().min(1).max(max).refine(isSafeText, { message: 'unsafe text' })
const hexBytes = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`))
const uintText = (digits: number) => z.string().regex(new RegExp(`^(0|[1-9][0-9]{0,${digits - 1}})$`))
const uint32 = z.number().int().min(0).max(MAX_UINT32)
const signatureHex = z.string().regex(/^0x(?:[0-9a-fA-F]{2}){1,2048}$/)

/** One entry of an agent's `GET /v1/offers`: the signed offer (bigints as decimal text) and display fields. */
export const signedOfferSchema = z.object({
  offer: z.object({
    provider: hexBytes(20),
    offerId: hexBytes(32),
    gpuModel: text(64),
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
  }),
  signature: signatureHex,
  resources: offerResourcesSchema.refine(
    (r) =>
      r.cpus <= MAX_INT32 && r.memoryMiB <= MAX_INT32 && r.diskMiB <= MAX_INT32 && r.networkMbps <= MAX_INT32,
    { message: 'implausible resources' },
  ),
  resourcesSignature: signatureHex,
  region: text(64),
})

/** `GET /v1/offers`: the list is checked here; its entries one by one, so one bad offer drops alone. */
export const offersBodySchema = z.object({ offers: z.array(z.unknown()) })

/** `GET /v1/health` (agent/core/agent-api.ts `HealthReport`). */
export const healthSchema = z.object({
  ok: z.boolean(),
  version: text(64),
  provider: hexBytes(20),
  chainId: z.number().int().positive(),
  market: hexBytes(20),
  gpus: z.number().int().min(0).max(100_000),
  freeGpus: z.number().int().min(0).max(100_000),
  runningJobs: z.number().int().min(0).max(100_000),
  chainReachable: z.boolean(),
  startedAt: z.number(),
})
export type HealthBody = z.infer<typeof healthSchema>

const FIELD_REASONS: Partial<Record<PropertyKey, DropReason>> = {
  pricePerHour: 'bad price',
  gpuCount: 'bad GPU count',
  vramMiB: 'bad VRAM',
  minDuration: 'bad duration',
  maxDuration: 'bad duration',
  expiresAt: 'bad expiry',
  signature: 'bad signature',
}

const sentResources = z.object({ resources: z.unknown(), resourcesSignature: z.unknown() })

/** The drop reason for a schema failure of `raw`: the first issue's field decides. */
export function reasonForIssues(issues: readonly z.core.$ZodIssue[], raw?: unknown): DropReason {
  const [issue] = issues
  if (!issue) return 'malformed offer'
  if (issue.code === 'custom' && issue.message === 'unsafe text') return 'unsafe text'
  const [top] = issue.path
  if (top === 'resources' || top === 'resourcesSignature') {
    // An agent from before resources were signed sends neither: say so, so its operator upgrades.
    if (sentResources.safeParse(raw).data?.[top] === undefined) return 'no resources'
    return top === 'resources' ? 'bad resources' : 'bad resources signature'
  }
  return FIELD_REASONS[issue.path.at(-1) ?? ''] ?? 'malformed offer'
}
