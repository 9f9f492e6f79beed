import 'server-only'
import { eq } from 'drizzle-orm'
import type { Address } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { z } from 'zod'
import { signAgentRequest } from '@/lib/agent-auth/request-signing'
import { GuardedFetchError, guardedFetch } from '@/lib/aggregator/guarded-fetch'
import type { Database } from '@/lib/db/database'
import { providers } from '@/lib/db/schema'
import { ApiError } from './api-error'
import type { ServerConfig } from './server-config'

export type AgentContext = { config: ServerConfig; store: { db: Database } }

/** What went wrong calling an agent, in the market's words (never the agent's own). */
function agentFailure(error: unknown): ApiError {
  if (error instanceof GuardedFetchError && error.kind === 'http_status') {
    const { status } = error.detail
    if (status === 404)
      return new ApiError(
        'not_found',
        'The provider’s agent does not know this rental yet; try again shortly.',
      )
    if (status === 409)
      return new ApiError(
        'conflict',
        'The provider’s agent refused: the rental has already started or ended.',
      )
    if (status === 422)
      return new ApiError(
        'invalid',
        'The provider’s agent refused the job spec: its hash is not the one paid for.',
      )
    if (status === 401 || status === 403)
      return new ApiError('bad_gateway', 'The provider’s agent refused the marketplace’s signature.')
    return new ApiError('bad_gateway', `The provider’s agent answered with an error (HTTP ${status}).`)
  }
  if (error instanceof GuardedFetchError && error.kind === 'refused') {
    return new ApiError('bad_gateway', 'The provider’s endpoint is not one the marketplace may call.')
  }
  return new ApiError('unavailable', 'The provider’s agent did not answer; try again shortly.')
}

/**
 * Calls a private route of `provider`'s agent, signed with the marketplace operator key, through
 * the SSRF-guarded client (no redirects: a signature is bound to its URL), and reads the answer
 * with `schema` (one of `lib/protocol/`'s). Every failure is an `ApiError` in the market's words.
 */
export async function callAgent<S extends z.ZodType>(
  ctx: AgentContext,
  provider: Address,
  path: string,
  schema: S,
  init: { method?: 'GET' | 'POST'; body?: string; timeoutMs?: number; maxBytes?: number } = {},
): Promise<z.output<S>> {
  const { config, store } = ctx
  if (!config.operatorKey)
    throw new ApiError('unavailable', 'The marketplace has no operator key configured.')
  const [record] = await store.db.select().from(providers).where(eq(providers.address, provider))
  if (!record) throw new ApiError('not_found', 'The marketplace does not know this provider (yet).')
  if (record.endpointRefused)
    throw new ApiError('bad_gateway', 'The provider’s endpoint is not one the marketplace may call.')
  const url = `${record.endpoint.replace(/\/+$/, '')}${path}`
  const method = init.method ?? 'GET'
  const headers = await signAgentRequest({
    signer: privateKeyToAccount(config.operatorKey),
    url,
    method,
    body: init.body,
  })
  try {
    const response = await guardedFetch(url, {
      timeoutMs: init.timeoutMs ?? 5000,
      maxBytes: init.maxBytes ?? 2 * 1024 * 1024,
      allowLoopback: config.allowLoopback,
      maxRedirects: 0,
      method,
      headers: { ...headers },
      body: init.body,
    })
    let body: unknown
    try {
      body = JSON.parse(response.body.toString('utf8'))
    } catch {
      throw new ApiError('bad_gateway', 'The provider’s agent answered with something that is not JSON.')
    } finally {
      response.release()
    }
    const parsed = schema.safeParse(body)
    if (!parsed.success)
      throw new ApiError(
        'bad_gateway',
        'The provider’s agent answered in a shape the marketplace cannot read.',
      )
    return parsed.data
  } catch (error) {
    if (error instanceof ApiError) throw error
    throw agentFailure(error)
  }
}
