import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { type Address, isAddressEqual } from 'viem'
import type { AgentApi } from '@/agent/core/agent-api'
import type { NonceCache } from '@/lib/agent-auth/nonce-cache'
import {
  AGENT_REQUEST_WINDOW_SECONDS,
  type AgentRequestFailure,
  verifyAgentRequest,
} from '@/lib/agent-auth/request-signing'
import { rentalIdParamSchema } from '@/lib/protocol/agent-queries'
import type { SignatureFailures } from './rate-limit'
import { describeIssues, HttpError } from './responses'

/** What the private routes' handlers find on the context once access is granted. */
export type RentalEnv = {
  Variables: { rentalId: bigint; signer: Address; role: 'operator' | 'renter'; body: Uint8Array }
}

/** The rental id in a private route's path, as the protocol documents it. */
export const rentalIdSchema = rentalIdParamSchema

const UNAUTHORIZED: Record<AgentRequestFailure, string> = {
  missing:
    'this route needs a signed request (x-weft-address, x-weft-timestamp, x-weft-nonce, x-weft-signature)',
  malformed: 'the request signature headers are malformed',
  stale: `the request was signed more than ${AGENT_REQUEST_WINDOW_SECONDS} s from the agent's clock; sign it again`,
  replayed: 'this signed request was already used; sign every request afresh',
  bad_signature: "the signature does not match this request at this agent's origin",
}

/**
 * Lets a request through to a rental's private route only when it is signed, fresh and unused,
 * by the configured operator or by this rental's renter. The signature is checked first, so an
 * unsigned request costs no chain read (`renterOf`) and no parsing.
 *
 * A rental that is not this provider's answers 404 to the operator (who is trusted, and needs to
 * tell "not here" from "not yours") and 403 to anyone else, who learns nothing about which rental
 * ids this provider holds beyond "not yours".
 */
export function rentalAccess(options: {
  api: AgentApi
  operator: Address
  origin: string
  nonces: NonceCache
  now: () => number
  /** Failed checks per client IP address: past its limit, 429 before any work. */
  failures: SignatureFailures
  clientIp: (c: Context) => string
}) {
  return createMiddleware<RentalEnv>(async (c, next) => {
    const ip = options.clientIp(c)
    await options.failures.refuseIfSpent(ip)
    // The body is already capped by the body limit in front of this middleware.
    const body = new Uint8Array(await c.req.arrayBuffer())
    const verification = await verifyAgentRequest({
      origin: options.origin,
      method: c.req.method,
      url: c.req.url,
      headers: c.req.raw.headers,
      body,
      nonces: options.nonces,
      now: options.now(),
    })
    if (!verification.ok) {
      await options.failures.record(ip)
      throw new HttpError('unauthorized', UNAUTHORIZED[verification.reason])
    }
    const signer = verification.address

    const id = rentalIdSchema.safeParse(c.req.param('id'))
    if (!id.success) throw new HttpError('invalid', describeIssues('rental id', id.error))

    const renter = await options.api.renterOf(id.data)
    const isOperator = isAddressEqual(signer, options.operator)
    if (isOperator && renter === undefined) {
      throw new HttpError('not_found', `rental ${id.data} is not one of this provider's rentals`)
    }
    if (!isOperator && (renter === undefined || !isAddressEqual(signer, renter))) {
      throw new HttpError('forbidden', "only the rental's renter or the market operator may use this route")
    }
    c.set('rentalId', id.data)
    c.set('signer', signer)
    c.set('role', isOperator ? 'operator' : 'renter')
    c.set('body', body)
    await next()
  })
}
