import type { IncomingHttpHeaders } from 'node:http'
import { rentalIdParamSchema } from '@/lib/protocol/agent-queries'
import type { AccessScope } from '@/lib/protocol/browser-access'
import { HttpError } from '../http/responses'
import type { JobAccess } from '../jobs/job-exec'
import { ACCESS_TOKEN_REFUSALS, type AccessGrant, verifyAccessToken } from './access-token'
import type { KeptOutputs } from './kept-outputs'

/** What the browser routes (terminal, port proxy, files) need of the agent. */
export type WebAccess = {
  /** The access-token secret (access-token.ts). */
  secret: Uint8Array
  runner: JobAccess
  /** The rental's job directory while its job runs; undefined otherwise. */
  runningJob(id: bigint): string | undefined
  /** Whether the rental runs on-chain while its job is still being launched (a second or two). */
  launching?(id: bigint): boolean
  /** Outputs kept after jobs end, and the job directory of a rental whose job has ended. */
  kept?: { outputs: KeptOutputs; endedJob(id: bigint): string | undefined }
  /**
   * Whether the server on `port` of the rental's job was told the proxy's path and wants it whole
   * (the job spec's `proxyPathPorts`); otherwise it gets the path after the proxy's prefix.
   */
  keepsProxyPath?(id: bigint, port: number): boolean
  /** Epoch milliseconds; Date.now by default. */
  now?: () => number
}

/** The cookie the port proxy sets from a `?token=` (scoped to `/v1/rentals/<id>/`). */
export const ACCESS_COOKIE = 'weft_access'

/** Reads a request's headers by (lower-case) name: a fetch `Headers`, or a getter over Node's. */
export type HeaderReader = Pick<Headers, 'get'>

/** A HeaderReader over a Node request's headers (a repeated header reads as absent). */
export function nodeHeaders(headers: IncomingHttpHeaders): HeaderReader {
  return {
    get: (name) => {
      const value = headers[name]
      return typeof value === 'string' ? value : null
    },
  }
}

/** The access token a request carries: `Authorization: Bearer`, `?token=`, or the cookie, in that order. */
export function tokenOf(url: URL, headers: HeaderReader): string | undefined {
  const authorization = headers.get('authorization')
  const bearer = authorization && /^Bearer\s+(\S+)$/i.exec(authorization)?.[1]
  if (bearer) return bearer
  const query = url.searchParams.get('token')
  if (query) return query
  return cookieOf(headers.get('cookie'), ACCESS_COOKIE)
}

/** The value of cookie `name` in a Cookie header. */
export function cookieOf(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim()
  }
  return undefined
}

/** A Cookie header without the agent's own cookie (the job's server never sees the token). */
export function cookiesWithout(header: string | null, name: string): string | undefined {
  const kept = (header?.split(';') ?? [])
    .map((part) => part.trim())
    .filter((part) => part !== '' && part.slice(0, part.indexOf('=')).trim() !== name)
  return kept.length > 0 ? kept.join('; ') : undefined
}

/**
 * The grant of a request to a rental's browser route for `scope`: 400 for a bad rental id, 401
 * with the reason for a missing or refused token.
 */
export function authorizeWeb(
  access: WebAccess,
  idText: string | undefined,
  url: URL,
  headers: HeaderReader,
  scope: AccessScope,
): AccessGrant {
  const id = rentalIdParamSchema.safeParse(idText)
  if (!id.success) throw new HttpError('invalid', 'the rental id must be a uint256, in decimal or 0x-hex')
  const token = tokenOf(url, headers)
  if (!token) {
    throw new HttpError(
      'unauthorized',
      'this route needs an access token (POST /v1/rentals/:id/access-token): Authorization: Bearer, ?token= or the access cookie',
    )
  }
  const nowSeconds = Math.floor((access.now ?? Date.now)() / 1000)
  const verdict = verifyAccessToken(access.secret, token, { rentalId: id.data, scope, nowSeconds })
  if (!verdict.ok) throw new HttpError('unauthorized', ACCESS_TOKEN_REFUSALS[verdict.reason])
  return verdict.grant
}

/** The job directory of a running rental, or 409 saying it is not running. */
export function runningJobOf(access: WebAccess, rentalId: bigint): string {
  const jobDir = access.runningJob(rentalId)
  if (!jobDir) throw new HttpError('conflict', `rental ${rentalId} is not running`)
  return jobDir
}
