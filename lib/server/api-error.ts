import 'server-only'
import { type ErrorCode, ERROR_STATUS as STATUS } from '@/lib/http/error-codes'

export type ApiErrorCode = ErrorCode

/** An error a route turns into `{ error: { code, message } }` with the matching status. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Connection-level failures of PostgreSQL (down, restarting, connections cut) rather than bugs. */
const DATABASE_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  '57P01',
  '57P03',
  '08006',
  '08001',
])

function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && DATABASE_UNAVAILABLE.has(code)) return true
  }
  return false
}

export function errorResponse(error: unknown, init: ResponseInit = {}): Response {
  if (error instanceof ApiError) {
    return Response.json(
      { error: { code: error.code, message: error.message, ...error.extra } },
      { ...init, status: STATUS[error.code] },
    )
  }
  // Unknown failures are logged here and never described to the client.
  console.error(error)
  if (isDatabaseUnavailable(error)) {
    return Response.json(
      { error: { code: 'unavailable', message: 'The database is unavailable; try again shortly.' } },
      { status: 503, headers: { 'retry-after': '5' } },
    )
  }
  return Response.json(
    { error: { code: 'internal', message: 'something went wrong on our side' } },
    { status: 500 },
  )
}

/** Wraps a route handler so every thrown error becomes a typed JSON error response. */
export function route<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args)
    } catch (error) {
      return errorResponse(error)
    }
  }
}
