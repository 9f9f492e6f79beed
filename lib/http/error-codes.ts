/**
 * The error codes of Weft's HTTP APIs (the market server's and the provider agent's), each with its
 * one status. Both answer `{ error: { code, message } }`, so a client reads either the same way.
 */
export const ERROR_STATUS = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS
