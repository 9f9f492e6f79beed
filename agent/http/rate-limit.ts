import { IncomingMessage } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import { pickClientAddress } from '@/lib/http/client-address'
import { HttpError } from './responses'

export type AgentRateRule = { points: number; seconds: number }

export type AgentRateLimits = {
  /** Requests per client IP address on the public routes (health, inventory, offers). */
  publicRoutes: AgentRateRule
  /**
   * Failed signature checks per client IP address on the private routes. Once spent, the private
   * routes answer 429 before reading the body or checking a signature, until the window ends.
   */
  failedSignatures: AgentRateRule
  /** Proxies in front of the agent that append to X-Forwarded-For (its TLS proxy: 1); 0 trusts none. */
  trustedProxyHops: number
}

/**
 * Per minute. The market polls each agent's public routes every few seconds from one address, and
 * renters' browsers read offers directly; 300 leaves room for both. An honest client fails a
 * signature only through clock skew or a bug, so 30 failures a minute is far past it, and keeps a
 * guesser to a trickle of signature recoveries.
 */
export const DEFAULT_AGENT_RATE_LIMITS: AgentRateLimits = {
  publicRoutes: { points: 300, seconds: 60 },
  failedSignatures: { points: 30, seconds: 60 },
  trustedProxyHops: 0,
}

/** The client's IP address: the socket's peer from @hono/node-server's bindings, or `unknown`. */
export function clientIpOf(c: Context, trustedProxyHops: number): string {
  const env: unknown = c.env
  const incoming = typeof env === 'object' && env !== null && 'incoming' in env ? env.incoming : undefined
  return pickClientAddress({
    peer: incoming instanceof IncomingMessage ? incoming.socket.remoteAddress : undefined,
    forwardedFor: c.req.header('x-forwarded-for'),
    trustedHops: trustedProxyHops,
  })
}

function tooMany(what: string, msBeforeNext: number): HttpError {
  const seconds = Math.max(Math.ceil(msBeforeNext / 1000), 1)
  return new HttpError('too_many_requests', `too many ${what} from your address; try again in ${seconds} s`, {
    'retry-after': String(seconds),
  })
}

/** Middleware counting each request to a public route against its client's IP address. */
export function publicRateLimit(limits: AgentRateLimits): MiddlewareHandler {
  const limiter = new RateLimiterMemory({
    points: limits.publicRoutes.points,
    duration: limits.publicRoutes.seconds,
  })
  return async (c, next) => {
    try {
      await limiter.consume(clientIpOf(c, limits.trustedProxyHops))
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw tooMany('requests', rejection.msBeforeNext)
      throw rejection
    }
    await next()
  }
}

/** Failed signature checks by client IP address; the agent is one process, so memory holds them. */
export class SignatureFailures {
  private readonly limiter: RateLimiterMemory

  constructor(rule: AgentRateRule) {
    this.limiter = new RateLimiterMemory({ points: rule.points, duration: rule.seconds })
  }

  /** Throws 429 once `ip` has failed as many checks as the window allows. */
  async refuseIfSpent(ip: string): Promise<void> {
    const state = await this.limiter.get(ip)
    if (state && state.remainingPoints <= 0) throw tooMany('failed signatures', state.msBeforeNext)
  }

  async record(ip: string): Promise<void> {
    await this.limiter.penalty(ip)
  }
}
