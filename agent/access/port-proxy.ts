import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
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
export function upstreamHeaders(
  headers: Headers | IncomingHttpHeaders,
  port: number,
): Record<string, string> {
  const out: Record<string, string> = {}
  const entries =
    headers instanceof Headers
      ? [...headers.entries()]
      : Object.entries(headers).map(([k, v]) => [k, String(v)])
  for (const [name, value] of entries) {
    if (name && value !== undefined && !HOP_HEADERS.has(name.toLowerCase())) out[name.toLowerCase()] = value
  }
  const cookie = cookiesWithout(
    headers instanceof Headers ? headers.get('cookie') : (headers.cookie ?? null),
    ACCESS_COOKIE,
  )
  if (cookie) out.cookie = cookie
  out.host = `127.0.0.1:${port}`
  return out
}

/**
 * Proxies one HTTP request to the job over a kept-alive connection to its server (job-http-agent.ts);
 * 502 when nothing listens on the port inside the job.
 */
export async function proxyHttp(
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
  request: Request,
): Promise<Response> {
  const url = new URL(request.url)
  const prefix = target.mount
  return new Promise<Response>((resolve, reject) => {
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
      reject(new HttpError('bad_gateway', why))
    })
    upstream.on('response', (answer) => resolve(toResponse(answer, prefix, target.port)))
    request.signal.addEventListener('abort', () => upstream.destroy(), { once: true })
    if (request.body) Readable.fromWeb(request.body as never).pipe(upstream)
    else upstream.end()
  })
}

function toResponse(answer: IncomingMessage, prefix: string, port: number): Response {
  const headers = new Headers()
  const raw = answer.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase()
    const value = raw[i + 1] ?? ''
    if (HOP_HEADERS.has(name)) continue
    if (name === 'location') headers.set(name, rewriteLocation(value, prefix, port))
    else if (name === 'set-cookie') headers.append(name, scopeCookie(value, prefix))
    else headers.append(name, value)
  }
  const status = answer.statusCode ?? 502
  const empty = status === 204 || status === 304 || status < 200
  if (empty) answer.resume()
  return new Response(empty ? null : (Readable.toWeb(answer) as ReadableStream), { status, headers })
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
