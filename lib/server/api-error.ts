import 'server-only'

export type ApiErrorCode =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'bad_gateway'
  | 'unavailable'
  | 'internal'

const STATUS: Record<ApiErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  bad_gateway: 502,
  unavailable: 503,
  internal: 500,
}

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
