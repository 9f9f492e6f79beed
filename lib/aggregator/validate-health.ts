import { type Address, getAddress } from 'viem'
import { type HealthBody, healthSchema } from '@/lib/protocol/health-report'
import { parseBoundedJson } from './bounded-json'

export const HEALTH_LIMITS = { maxBytes: 16 * 1024, maxDepth: 4 }

export type HealthVerdict = { ok: true; health: HealthBody } | { ok: false; reason: string }

/**
 * Checks an agent's `GET /v1/health` body: well-formed, healthy, and serving this provider on this
 * chain and market (an endpoint pointing at someone else's agent is not this provider's).
 */
export function validateHealthBody(
  body: Uint8Array | string,
  expected: { provider: Address; chainId: number; market: Address },
): HealthVerdict {
  const json = parseBoundedJson(body, HEALTH_LIMITS)
  if (!json.ok) return { ok: false, reason: `health: ${json.reason}` }
  const parsed = healthSchema.safeParse(json.value)
  if (!parsed.success) return { ok: false, reason: 'health: malformed report' }
  const health = parsed.data
  if (getAddress(health.provider) !== getAddress(expected.provider))
    return { ok: false, reason: 'health: names another provider' }
  if (health.chainId !== expected.chainId) return { ok: false, reason: 'health: names another chain' }
  if (getAddress(health.market) !== getAddress(expected.market))
    return { ok: false, reason: 'health: names another market' }
  if (!health.ok) return { ok: false, reason: 'health: the agent reports itself unhealthy' }
  return { ok: true, health }
}
