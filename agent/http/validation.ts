import { z } from 'zod'
import { describeIssues, HttpError } from './responses'

/** Most log lines one page returns. */
export const MAX_LOG_PAGE = 1000

// Query values are text: accept plain decimal integers only (no "1e3", "0x10", " 5" or "").
const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?[0-9]{1,16}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

/** `after` is a cursor: how many lines were already read, i.e. the seq of the first line wanted (0: from the start). */
const after = integer(0, Number.MAX_SAFE_INTEGER).default(0)

export const logsQuerySchema = z.object({ after, limit: integer(1, MAX_LOG_PAGE).default(MAX_LOG_PAGE) })
export const streamQuerySchema = z.object({ after })
/** `since`: epoch milliseconds; samples from then on. */
export const metricsQuerySchema = z.object({ since: integer(0, Number.MAX_SAFE_INTEGER).optional() })

export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.output<T> {
  const parsed = schema.safeParse(query)
  if (!parsed.success) throw new HttpError('invalid', describeIssues('query', parsed.error))
  return parsed.data
}
