import { z } from 'zod'

/*
 * What an agent's private routes read from the URL: the rental id in the path and the query of the
 * log and metric routes. The agent's HTTP layer parses requests with these very schemas
 * (agent/http/validation.ts, agent/http/rental-access.ts), so the documents cannot drift from it.
 */

/** Most log lines one page returns. */
export const MAX_LOG_PAGE = 1000

const UINT256_MAX = 2n ** 256n - 1n

/** A rental id in a path: a uint256 in decimal or 0x-hex. */
export const rentalIdParamSchema = z
  .string()
  .regex(/^(0x[0-9a-fA-F]{1,64}|[0-9]{1,78})$/, 'a rental id is a uint256, in decimal or 0x-hex')
  .transform((text) => BigInt(text))
  .refine((id) => id <= UINT256_MAX, 'a rental id is at most 2^256 - 1')

// Query values are text: plain decimal integers only (no "1e3", "0x10", " 5" or "").
const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?[0-9]{1,16}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

/** `after` is a cursor: how many lines were already read, i.e. the seq of the first line wanted. */
const after = integer(0, Number.MAX_SAFE_INTEGER).default(0)

/** `GET /v1/rentals/:id/logs`. */
export const logsQuerySchema = z.object({ after, limit: integer(1, MAX_LOG_PAGE).default(MAX_LOG_PAGE) })
/** `GET /v1/rentals/:id/logs/stream`. */
export const streamQuerySchema = z.object({ after })
/** `GET /v1/rentals/:id/metrics`: `since` in epoch milliseconds. */
export const metricsQuerySchema = z.object({ since: integer(0, Number.MAX_SAFE_INTEGER).optional() })

/** The path of every private route. */
export const rentalPathSchema = z.object({ id: rentalIdParamSchema })
