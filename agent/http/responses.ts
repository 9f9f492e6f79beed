import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { z } from 'zod'
import { AgentError } from '@/agent/core/agent-api'
import { ERROR_STATUS, type ErrorCode } from '@/lib/http/error-codes'

export type { ErrorCode }

/** An error the HTTP layer raises itself; its message is written for the client. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

const BASE_HEADERS = { 'content-type': 'application/json; charset=utf-8' }

/** JSON with bigints as decimal strings (rental ids are uint256). */
export function jsonResponse(data: unknown, status = 200): Response {
  const body = JSON.stringify(data, (_, value) => (typeof value === 'bigint' ? value.toString() : value))
  return new Response(body, { status, headers: BASE_HEADERS })
}

export function errorResponse(code: ErrorCode, message: string, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status: ERROR_STATUS[code],
    headers: { ...BASE_HEADERS, ...headers },
  })
}

/** "after: must be a whole number; limit: …": names where the input is wrong, never echoes it. */
export function describeIssues(what: string, error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join('.')
    return path ? `${path}: ${issue.message}` : issue.message
  })
  return `${what}: ${issues.join('; ')}`
}

// Core messages are written for clients, except 'unavailable', which tends to wrap an upstream
// (RPC, runner) failure whose detail stays in the server log.
const UNAVAILABLE = 'the agent cannot serve this right now; try again shortly'

/** Maps anything thrown while handling a request to one JSON error response. */
export function handleError(error: unknown, c: Context): Response {
  if (error instanceof HttpError) return errorResponse(error.code, error.message, error.headers)
  if (error instanceof AgentError) {
    if (error.code === 'unavailable') {
      console.error(`agent http: ${c.req.method} ${c.req.path} unavailable:`, error)
      return errorResponse('unavailable', UNAVAILABLE)
    }
    return errorResponse(error.code, error.message)
  }
  if (error instanceof HTTPException && error.status === 413) {
    return errorResponse('payload_too_large', 'the request body is too large')
  }
  console.error(`agent http: ${c.req.method} ${c.req.path} failed:`, error)
  return errorResponse('internal', 'the agent failed to handle this request')
}
