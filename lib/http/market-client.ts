import type { z } from 'zod'
import { ApiFailure, failureOf, readAnswer } from './api-failure'

/** How one call reads; the sentences default to the rentals pages' wording. */
export type MarketCall = {
  signal?: AbortSignal
  /** For tests and callers that wrap fetch; the browser's fetch otherwise. */
  fetch?: typeof fetch
  /** The sentence when the server cannot be reached at all (offline, server down). */
  unreachable?: string
  /** The sentence for an error answer that carries no error body of its own. */
  fallback?: (status: number) => string
}

/** A fallback sentence: what did not work, and the status it was answered with. */
export const statusSentence = (what: string) => (status: number) => `${what} (HTTP ${status}).`

const UNREACHABLE = 'The market server cannot be reached. Check your connection; this page retries.'
const FALLBACK = (status: number) => `The market server answered HTTP ${status}.`

/** The body as JSON, undefined when there is none (204), or a marker that it is not JSON. */
async function bodyOf(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined
  const text = await response.text()
  try {
    return JSON.parse(text)
  } catch {
    return NOT_JSON
  }
}
const NOT_JSON = Symbol('not JSON')

async function call<S extends z.ZodType>(
  method: 'GET' | 'POST',
  path: string,
  schema: S,
  body: unknown,
  options: MarketCall,
): Promise<z.output<S>> {
  const { signal } = options
  let response: Response
  try {
    response = await (options.fetch ?? fetch)(path, {
      method,
      signal,
      cache: 'no-store',
      credentials: 'same-origin',
      headers:
        method === 'POST'
          ? { accept: 'application/json', 'content-type': 'application/json' }
          : { accept: 'application/json' },
      body: method === 'POST' ? JSON.stringify(body) : undefined,
    })
  } catch (error) {
    // A cancelled query is not a failure to report; react-query knows what to do with the abort.
    if (signal?.aborted) throw error
    throw new ApiFailure(0, 'unreachable', options.unreachable ?? UNREACHABLE)
  }
  const value = await bodyOf(response).catch(() => NOT_JSON)
  if (!response.ok) throw failureOf(response.status, value, (options.fallback ?? FALLBACK)(response.status))
  return readAnswer(
    schema,
    value === NOT_JSON ? undefined : value,
    `The market server (${method} ${path.split('?')[0]})`,
    response.status,
  )
}

/**
 * GET a market API route (`/api/…`) and read its answer with `schema`, the one the route handler
 * builds its answer by. Throws `ApiFailure` for every way it can fail: unreachable, an error answer,
 * or an answer of the wrong shape.
 */
export function marketGet<S extends z.ZodType>(path: string, schema: S, options: MarketCall = {}) {
  return call('GET', path, schema, undefined, options)
}

/** POST `body` as JSON to a market API route; like `marketGet` otherwise. */
export function marketPost<S extends z.ZodType>(
  path: string,
  body: unknown,
  schema: S,
  options: MarketCall = {},
) {
  return call('POST', path, schema, body, options)
}
