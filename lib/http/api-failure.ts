import { z } from 'zod'
import { ERROR_STATUS } from './error-codes'

/**
 * A failed call to a Weft HTTP API (the market server's or a provider agent's), keeping the status
 * and code so a page can tell "sign in" from "not yours" from "gone". Besides the codes the servers
 * answer with, `unreachable` (status 0: no answer at all) and `bad_response` (an answer this client
 * cannot read) are the client's own.
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiFailure'
  }
}

/** The one error body both servers answer with (`lib/server/api-error.ts`, `agent/http/responses.ts`). */
const apiErrorBodySchema = z.object({
  error: z.object({ code: z.string().min(1).max(64), message: z.string().min(1).max(2000) }),
})

const CODE_OF_STATUS = new Map<number, string>(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code]),
)

/**
 * The failure an error answer describes: its own code and sentence when the body is the API's error
 * body, else (a proxy's page, a crash) the code its status stands for and the caller's `fallback`.
 */
export function failureOf(status: number, body: unknown, fallback: string): ApiFailure {
  const parsed = apiErrorBodySchema.safeParse(body)
  if (parsed.success) return new ApiFailure(status, parsed.data.error.code, parsed.data.error.message)
  return new ApiFailure(status, CODE_OF_STATUS.get(status) ?? 'http_error', fallback)
}

/**
 * `value` read with `schema`, or a `bad_response` failure naming what was asked and the first field
 * that did not fit: an answer of the wrong shape is reported, never passed on half-read.
 */
export function readAnswer<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  status: number,
): z.output<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
  throw new ApiFailure(
    status,
    'bad_response',
    `${what} answered with something this page cannot read (${issue?.message ?? 'unexpected shape'}${where}).`,
  )
}
