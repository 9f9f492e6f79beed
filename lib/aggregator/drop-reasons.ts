import { z } from 'zod'

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
