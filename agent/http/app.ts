import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { type Address, isAddress } from 'viem'
import type { WebAccess } from '@/agent/access/web-access'
import type { AgentApi } from '@/agent/core/agent-api'
import { NonceCache } from '@/lib/agent-auth/nonce-cache'
import { AGENT_REQUEST_HEADERS, AGENT_REQUEST_WINDOW_SECONDS } from '@/lib/agent-auth/request-signing'
import { streamLogs } from './log-stream'
import {
  type AgentRateLimits,
  clientIpOf,
  DEFAULT_AGENT_RATE_LIMITS,
  publicRateLimit,
  SignatureFailures,
} from './rate-limit'
import { type RentalEnv, rentalAccess } from './rental-access'
import { errorResponse, HttpError, handleError, jsonResponse } from './responses'
import { logsQuerySchema, metricsQuerySchema, parseQuery, streamQuerySchema } from './validation'
import { accessTokenHandler, addWebRoutes } from './web-routes'

export type AgentAppOptions = {
  api: AgentApi
  /** The market operator's address: it may use every rental's private routes. */
  operator: Address
  /** This agent's public origin as renters reach it (its registered endpoint), e.g. https://gpu-1.example.com:8443. */
  origin: string
  /** Epoch milliseconds; Date.now by default. */
  now?: () => number
  /** The largest request body a private route reads (its signature covers the body); larger ones get 413. */
  maxBodyBytes: number
  /** How often the log stream sends a heartbeat comment. */
  heartbeatMs?: number
  nonces?: NonceCache
  /** Rate limits per client IP address; DEFAULT_AGENT_RATE_LIMITS where not given. */
  rateLimits?: Partial<AgentRateLimits>
  /** The browser routes (access tokens, port proxy, files); absent, they answer 404. */
  web?: WebAccess
}

/** The agent's HTTP API: public market data, and per-rental routes for its operator and renters. */
export function createAgentApp(options: AgentAppOptions) {
  const { api } = options
  const origin = new URL(options.origin).origin
  if (origin === 'null') throw new TypeError(`origin must be an http(s) URL: ${options.origin}`)
  if (!isAddress(options.operator)) throw new TypeError('operator must be an address')
  if (!Number.isSafeInteger(options.maxBodyBytes) || options.maxBodyBytes < 1) {
    throw new TypeError('maxBodyBytes must be a positive whole number')
  }
  const heartbeatMs = options.heartbeatMs ?? 15_000
  const limits = { ...DEFAULT_AGENT_RATE_LIMITS, ...options.rateLimits }
  const publicLimit = publicRateLimit(limits)
  const access = rentalAccess({
    api,
    operator: options.operator,
    origin,
    now: options.now ?? Date.now,
    nonces: options.nonces ?? new NonceCache({ windowSeconds: AGENT_REQUEST_WINDOW_SECONDS }),
    failures: new SignatureFailures(limits.failedSignatures),
    clientIp: (c) => clientIpOf(c, limits.trustedProxyHops),
  })
  const limit = bodyLimit({
    maxSize: options.maxBodyBytes,
    onError: () =>
      errorResponse('payload_too_large', `the body must be at most ${options.maxBodyBytes} bytes`),
  })
  const app = new Hono<RentalEnv>()

  // Renters' browsers call agents directly (the market server is optional). Auth is a signature
  // per request, never a cookie, so any origin may call: there is no ambient credential to abuse.
  app.use(
    '*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'PUT'],
      allowHeaders: [...Object.values(AGENT_REQUEST_HEADERS), 'authorization', 'content-type'],
      maxAge: 600,
    }),
  )

  // Every answer is per request and may be private: never stored by browsers or proxies (set last,
  // over streamSSE's no-cache). no-transform and x-accel-buffering keep proxies from buffering streams.
  app.use('*', async (c, next) => {
    await next()
    c.res.headers.set('cache-control', 'no-store, no-transform')
    c.res.headers.set('x-content-type-options', 'nosniff')
    if (c.res.headers.get('content-type')?.startsWith('text/event-stream'))
      c.res.headers.set('x-accel-buffering', 'no')
  })

  app.get('/v1/health', publicLimit, async () => {
    // An unhealthy agent says so in the status too, so load balancers and monitors see it.
    const report = await api.health()
    return jsonResponse(report, report.ok ? 200 : 503)
  })
  app.get('/v1/inventory', publicLimit, () => jsonResponse({ gpus: api.inventory() }))
  app.get('/v1/offers', publicLimit, () => jsonResponse({ offers: api.offers() }))

  // Private routes: cheap checks (content type, size), then the signature, then the work. The size
  // cap sits on every private route because the signature check reads the body whatever the method
  // (node-server hands GET bodies to nobody today; the cap does not rely on that).
  app.get('/v1/rentals/:id', limit, access, async (c) => {
    const rental = await api.rental(c.var.rentalId)
    if (!rental) throw new HttpError('not_found', `rental ${c.var.rentalId} is not known to this agent yet`)
    return jsonResponse(rental)
  })
  app.get('/v1/rentals/:id/logs', limit, access, async (c) => {
    const query = parseQuery(logsQuerySchema, c.req.query())
    return jsonResponse(await api.logs(c.var.rentalId, query.after, query.limit))
  })
  app.get('/v1/rentals/:id/logs/stream', limit, access, (c) => {
    const { after } = parseQuery(streamQuerySchema, c.req.query())
    return streamLogs(c, api, c.var.rentalId, after, heartbeatMs)
  })
  app.get('/v1/rentals/:id/metrics', limit, access, async (c) => {
    const { since } = parseQuery(metricsQuerySchema, c.req.query())
    return jsonResponse({ samples: await api.metrics(c.var.rentalId, since) })
  })

  if (options.web) {
    app.post('/v1/rentals/:id/access-token', limit, access, accessTokenHandler(options.web))
    addWebRoutes(app, options.web)
  }

  // Any other method on a known path: 405 before any auth work (HEAD is GET's, OPTIONS is CORS's).
  for (const [path, allow] of options.web ? [...ROUTES, ...WEB_ROUTES] : ROUTES) {
    app.all(path, () => errorResponse('method_not_allowed', `use ${allow} on ${path}`, { allow }))
  }

  app.notFound(() => errorResponse('not_found', 'no such route'))
  app.onError(handleError)
  return app
}

const ROUTES = [
  ['/v1/health', 'GET'],
  ['/v1/inventory', 'GET'],
  ['/v1/offers', 'GET'],
  ['/v1/rentals/:id', 'GET'],
  ['/v1/rentals/:id/logs', 'GET'],
  ['/v1/rentals/:id/logs/stream', 'GET'],
  ['/v1/rentals/:id/metrics', 'GET'],
]

const WEB_ROUTES = [
  ['/v1/rentals/:id/access-token', 'POST'],
  ['/v1/rentals/:id/ports', 'GET'],
  ['/v1/rentals/:id/files/outputs', 'GET'],
  ['/v1/rentals/:id/files/outputs/*', 'GET, PUT'],
  ['/v1/rentals/:id/files/*', 'PUT'],
] as const
