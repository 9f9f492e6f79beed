import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http'
import { ERROR_STATUS } from '@/lib/http/error-codes'
import { HttpError } from '../http/responses'
import { jobHttpAgent, NothingListens } from './job-http-agent'
import { ACCESS_COOKIE, cookiesWithout, type WebAccess } from './web-access'

/**
 * The port proxy: `/v1/rentals/:id/ports/:port/<path>` reaches `127.0.0.1:<port>` inside the
 * rental's job through the job's dialer (in its own network namespace), never an address of the
 * host. Bodies stream both ways; nothing is buffered, so SSE and chunked answers flow as written.
 * Redirects are passed to the client, never followed; a redirect to the job's own root is
 * rewritten under the proxy's prefix. The agent's token and cookie never reach the job's server.
 */

/** Headers of one hop only, and the agent's own credentials: never forwarded either way. */
const HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'authorization',
  'cookie',
])

/** The port in a proxy path, 1–65535, or 400. */
export function parsePort(text: string | undefined): number {
  const port = /^[1-9]\d{0,4}$/.test(text ?? '') ? Number(text) : 0
  if (port < 1 || port > 65_535)
    throw new HttpError('invalid', 'the port must be a whole number from 1 to 65535')
  return port
}

/** The path and query the job's server is asked for (the token query left out). */
export function upstreamPath(rest: string, url: URL): string {
  const search = new URLSearchParams(url.search)
  search.delete('token')
  const query = search.toString()
  return `/${rest.replace(/^\/+/, '')}${query ? `?${query}` : ''}`
}

/** Request headers for the job's server: hop headers and the agent's credentials removed. */
export function upstreamHeaders(headers: IncomingHttpHeaders, port: number): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_HEADERS.has(name)) out[name] = String(value)
  }
  const cookie = cookiesWithout(headers.cookie ?? null, ACCESS_COOKIE)
  if (cookie) out.cookie = cookie
  out.host = `127.0.0.1:${port}`
  return out
}

/** Said on every answer of the proxy's, the job's and its own refusals alike. */
export const AGENT_HEADERS: Record<string, string> = {
  // Per request and maybe private: never stored by browsers or shared caches, never transformed.
  'cache-control': 'no-store, no-transform',
  'x-content-type-options': 'nosniff',
  'access-control-allow-origin': '*',
}

/** A refusal of the proxy's own, as every agent route words one: `{ error: { code, message } }`. */
export function writeProxyError(response: ServerResponse, error: HttpError): void {
  if (response.headersSent) {
    response.destroy()
    return
  }
  response.writeHead(ERROR_STATUS[error.code], {
    ...AGENT_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    ...error.headers,
  })
  response.end(JSON.stringify({ error: { code: error.code, message: error.message } }))
}

/**
 * Proxies one HTTP request to the job over a kept-alive connection to its server (job-http-agent.ts),
 * Node stream to Node stream; 502 when nothing listens on the port inside the job. A client that
 * goes away ends the request to the job; a job's answer cut short cuts the client's.
 */
export function proxyHttp(
  access: WebAccess,
  target: {
    rentalId: bigint
    jobDir: string
    port: number
    /** The path and query the job's server is asked for, before the token is taken out. */
    rest: string
    /** Where the server's paths sit in the agent's: the proxy prefix, or '' for a server told that prefix. */
    mount: string
  },
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const upstream = httpRequest({
    agent: jobHttpAgent(access.runner, target.jobDir, target.port),
    method: request.method,
    path: upstreamPath(target.rest, url),
    headers: upstreamHeaders(request.headers, target.port),
  })
  upstream.on('error', (error) => {
    const why =
      error instanceof NothingListens
        ? `nothing answers on port ${target.port} inside rental ${target.rentalId}'s job`
        : `the server on port ${target.port} inside the job closed the connection`
    writeProxyError(response, new HttpError('bad_gateway', why))
  })
  upstream.on('response', (answer) => {
    const status = answer.statusCode ?? 502
    response.writeHead(status, answerHeaders(answer, target.mount, target.port))
    if (status === 204 || status === 304 || status < 200) {
      answer.resume()
      response.end()
      return
    }
    answer.on('error', () => response.destroy())
    answer.pipe(response)
  })
  response.on('close', () => {
    if (!response.writableFinished) upstream.destroy()
  })
  request.pipe(upstream)
}

/** The job's answer headers, less hop headers, its redirects and cookies kept under the prefix. */
function answerHeaders(answer: IncomingMessage, prefix: string, port: number): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {}
  const cookies: string[] = []
  const raw = answer.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase()
    const value = raw[i + 1] ?? ''
    if (HOP_HEADERS.has(name)) continue
    if (name === 'location') headers.location = rewriteLocation(value, prefix, port)
    else if (name === 'set-cookie') cookies.push(scopeCookie(value, prefix))
    else {
      const before = headers[name]
      headers[name] = before === undefined ? value : `${String(before)}, ${value}`
    }
  }
  if (cookies.length > 0) headers['set-cookie'] = cookies
  Object.assign(headers, AGENT_HEADERS)
  if (String(headers['content-type'] ?? '').startsWith('text/event-stream'))
    headers['x-accel-buffering'] = 'no'
  return headers
}

/** A redirect within the job's server stays under the proxy prefix; any other is passed as given. */
export function rewriteLocation(location: string, prefix: string, port: number): string {
  if (location.startsWith('/') && !location.startsWith('//')) return `${prefix}${location}`
  for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
    if (location === origin || location.startsWith(`${origin}/`))
      return `${prefix}${location.slice(origin.length) || '/'}`
  }
  return location
}

/** The job's cookies live under the proxy prefix, on the agent's host only. */
export function scopeCookie(cookie: string, prefix: string): string {
  const parts = cookie.split(';').map((p) => p.trim())
  const kept = parts.filter((p, i) => i === 0 || !/^(path|domain)=/i.test(p))
  const path = parts.find((p) => /^path=/i.test(p))?.slice(5) ?? '/'
  return [...kept, `Path=${prefix}${path.startsWith('/') ? path : `/${path}`}`].join('; ')
}
