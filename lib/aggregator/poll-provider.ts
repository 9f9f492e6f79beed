import type { Address, PublicClient } from 'viem'
import type { ByteBudget } from './byte-budget'
import { GuardedFetchError, type GuardedResponse, guardedFetch } from './guarded-fetch'
import type { SignatureCache } from './signature-cache'
import type { SignerRecovery } from './signer-recovery'
import { checkEndpoint, describeRefusal, type GuardPass, type HostLookup } from './ssrf-guard'
import { HEALTH_LIMITS, validateHealthBody } from './validate-health'
import { type AcceptedOffer, type DropCount, OFFER_LIMITS, validateOffersBody } from './validate-offers'

export type ProviderPollDeps = {
  chain: PublicClient
  chainId: number
  market: Address
  token: Address
  tokenDecimals: number
  allowLoopback: boolean
  lookup?: HostLookup
  timeoutMs: number
  offersMaxBytes: number
  healthMaxBytes: number
  budget?: ByteBudget
  cache?: SignatureCache
  signers?: SignerRecovery
  signal?: AbortSignal
}

/** What one poll of one provider found; `offers` is set only when its list was usable. */
export type ProviderOutcome = {
  provider: Address
  at: Date
  ok: boolean
  latencyMs: number | null
  error: string | null
  /** The SSRF guard's refusal, stored as `endpointRefused`; the provider's offers are removed. */
  refused: string | null
  offers?: AcceptedOffer[]
  dropped: DropCount[]
}

/** A short, fixed description of a failed fetch: the provider's own words are never stored. */
function describeFailure(what: string, error: unknown): string {
  if (!(error instanceof GuardedFetchError)) return `${what}: failed`
  if (error.kind === 'http_status') return `${what}: HTTP ${error.detail.status}`
  if (error.kind === 'refused' && error.detail.refusal)
    return `${what}: refused (${error.detail.refusal.reason})`
  return `${what}: ${error.kind.replace('_', ' ')}`
}

function at(pass: GuardPass, path: string): GuardPass {
  const base = pass.url.href.endsWith('/') ? pass.url.href : `${pass.url.href}/`
  return { ...pass, url: new URL(path, base) }
}

/**
 * Polls one provider: the SSRF guard on its endpoint (a refused one is never contacted), then
 * `/v1/health` and `/v1/offers` at once over connections pinned to the checked address, within
 * one timeout; then validates both bodies. Resolves `undefined` when the poll was cancelled.
 */
export async function pollProvider(
  provider: { address: Address; endpoint: string },
  deps: ProviderPollDeps,
  now: Date,
): Promise<ProviderOutcome | undefined> {
  const base = { provider: provider.address, at: now, latencyMs: null, dropped: [] }
  const started = performance.now()
  const pass = await checkEndpoint(provider.endpoint, { ...deps, dnsTimeoutMs: deps.timeoutMs })
  if (!pass.ok) {
    const refused = describeRefusal(pass)
    if (pass.reason === 'unresolvable')
      return { ...base, ok: false, error: 'endpoint: unresolvable', refused }
    return { ...base, ok: false, error: `endpoint refused (${pass.reason})`, refused, offers: [] }
  }
  const timeoutMs = Math.max(1, deps.timeoutMs - Math.round(performance.now() - started))
  const [healthAt, offersAt] = [at(pass, 'v1/health'), at(pass, 'v1/offers')]
  const [health, offers] = await Promise.allSettled([
    guardedFetch(healthAt.url.href, { ...deps, timeoutMs, maxBytes: deps.healthMaxBytes, pinned: healthAt }),
    guardedFetch(offersAt.url.href, { ...deps, timeoutMs, maxBytes: deps.offersMaxBytes, pinned: offersAt }),
  ])
  const release = (r: PromiseSettledResult<GuardedResponse>) => r.status === 'fulfilled' && r.value.release()
  try {
    const cancelled = (r: PromiseSettledResult<GuardedResponse>) =>
      r.status === 'rejected' && r.reason instanceof GuardedFetchError && r.reason.kind === 'aborted'
    if (cancelled(health) || cancelled(offers)) return undefined

    const expected = { provider: provider.address, chainId: deps.chainId, market: deps.market }
    const healthVerdict =
      health.status === 'fulfilled'
        ? validateHealthBody(health.value.body, expected)
        : { ok: false as const, reason: describeFailure('health', health.reason) }
    const latencyMs = health.status === 'fulfilled' ? health.value.elapsedMs : null
    if (offers.status === 'rejected') {
      const error = describeFailure('offers', offers.reason)
      return { ...base, ok: false, latencyMs, error, refused: null }
    }
    const limits = { ...OFFER_LIMITS, maxBytes: deps.offersMaxBytes }
    const checks = { ...deps, provider: provider.address, now }
    const verdict = await validateOffersBody(offers.value.body, checks, limits)
    const listError = verdict.listOk ? null : `offers: ${verdict.problem ?? 'unusable'}`
    const error = listError ?? (healthVerdict.ok ? null : healthVerdict.reason)
    return {
      ...base,
      ok: error === null,
      latencyMs,
      error,
      refused: null,
      offers: verdict.listOk ? verdict.offers : undefined,
      dropped: verdict.dropped,
    }
  } finally {
    release(health)
    release(offers)
  }
}

export const DEFAULT_CAPS = { offersMaxBytes: OFFER_LIMITS.maxBytes, healthMaxBytes: HEALTH_LIMITS.maxBytes }
