import { z } from 'zod'
import { ERROR_STATUS, type ErrorCode } from '@/lib/http/error-codes'

/*
 * The HTTP APIs described as data: one `RouteDoc` per method and path a server answers, with the
 * zod schemas its code parses requests and answers with. The OpenAPI documents in docs/openapi/
 * are generated from these lists (scripts/openapi.ts), and tests hold the lists to the routes the
 * servers really register, so neither can drift from the code.
 */

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

/**
 * How a route knows its caller: `none`; `agent-signature`, a request signed per
 * lib/agent-auth/request-signing.ts (the x-weft-* headers); `session`, the market's Sign-In with
 * Ethereum session cookie; `access-token`, a rental's short-lived access token from
 * `POST /v1/rentals/{id}/access-token` (a bearer, `?token=`, or the port proxy's cookie).
 */
export type RouteAuth = 'none' | 'agent-signature' | 'session' | 'access-token'

/** One possible answer of a route. */
export type Reply = {
  description: string
  /** The JSON body; absent when the answer has no body (204) or is an event stream. */
  json?: z.ZodType
  /** A `text/event-stream` answer: each event's name and the schema of its JSON `data`. */
  events?: Record<string, z.ZodType>
  /** Response headers worth knowing, by name. */
  headers?: Record<string, string>
}

/** Path or query parameters: the schema the route parses them with, and a sentence per field. */
export type Parameters = { schema: z.ZodObject; notes: Record<string, string> }

export type RouteDoc = {
  method: HttpMethod
  /** The path as an OpenAPI template: `/v1/rentals/{id}`. */
  path: string
  summary: string
  description: string
  auth: RouteAuth
  params?: Parameters
  query?: Parameters
  /** An `application/json` request body. */
  body?: { schema: z.ZodType; description: string }
  replies: Record<number, Reply>
}

/** `{ error: { code, message } }`, the one error shape of both APIs (the market may add fields). */
export const errorBodySchema = z.object({
  error: z.looseObject({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
  }),
})

/** An error answer with `code`'s status, keyed by that status for a route's `replies`. */
export function errorReply(code: ErrorCode, description: string, headers?: Record<string, string>) {
  return { [ERROR_STATUS[code]]: { description, json: errorBodySchema, headers } } as Record<number, Reply>
}

/** Several error answers at once: `errorReplies(['invalid', '…'], ['not_found', '…'])`. */
export function errorReplies(...entries: [ErrorCode, string][]): Record<number, Reply> {
  return Object.assign({}, ...entries.map(([code, description]) => errorReply(code, description)))
}

/** `METHOD /path`, how routes are named in tests and messages. */
export function routeKey(route: Pick<RouteDoc, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`
}
