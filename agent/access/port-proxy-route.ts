import type { IncomingMessage, ServerResponse } from 'node:http'
import { HttpError } from '../http/responses'
import { AGENT_HEADERS, parsePort, proxyHttp, writeProxyError } from './port-proxy'
import { ACCESS_COOKIE, authorizeWeb, nodeHeaders, runningJobOf, type WebAccess } from './web-access'

/** `/v1/rentals/:id/ports/:port` and anything under it. */
export const PORT_PATH = /^\/v1\/rentals\/([^/]+)\/ports\/([^/]+)(\/.*)?$/

/**
 * The port proxy's HTTP route, `/v1/rentals/:id/ports/:port/<path>` in any method, served on the
 * agent's Node server ahead of its app: each request passes the token check and goes stream to
 * stream to the job, with no framework in between, since a page through the proxy makes many.
 * Returns false for a request that is not the proxy's (and for CORS preflights, which the app
 * answers), so the app serves it.
 */
export function portProxyRequests(access: WebAccess) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    if (!request.url?.startsWith('/v1/rentals/')) return false
    // The path as the URL standard reads it (dot segments resolved), as every other route sees it.
    const url = new URL(request.url, 'http://agent')
    const match = PORT_PATH.exec(url.pathname)
    if (!match) return false
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) return false
    try {
      serve(access, match, url, request, response)
    } catch (error) {
      if (!(error instanceof HttpError)) console.error('agent http: the port proxy failed:', error)
      writeProxyError(
        response,
        error instanceof HttpError
          ? error
          : new HttpError('internal', 'the agent failed to handle this request'),
      )
      request.resume()
    }
    return true
  }
}

function serve(
  access: WebAccess,
  [, idText = '', portText, tail = '']: RegExpExecArray,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const headers = nodeHeaders(request.headers)
  const { rentalId, expiresAt } = authorizeWeb(access, idText, url, headers, 'ports')
  const port = parsePort(portText)
  const jobDir = runningJobOf(access, rentalId)
  // A token in the query (a link a browser opened) becomes a cookie for the rental's paths, and the
  // browser goes on to the same address without it.
  const queryToken = url.searchParams.get('token')
  const exchange = queryToken && !headers.get('authorization') && /^[A-Za-z0-9._-]+$/.test(queryToken)
  if (exchange && (request.method === 'GET' || request.method === 'HEAD')) {
    const secure = headers.get('x-forwarded-proto') === 'https'
    const maxAge = Math.max(expiresAt - Math.floor((access.now ?? Date.now)() / 1000), 0)
    url.searchParams.delete('token')
    const cookie = [
      `${ACCESS_COOKIE}=${queryToken}`,
      `Path=/v1/rentals/${idText}/`,
      `Max-Age=${maxAge}`,
      'HttpOnly',
      secure ? 'SameSite=None; Secure' : 'SameSite=Lax',
    ].join('; ')
    response.writeHead(303, {
      location: `${url.pathname}${url.search}`,
      'set-cookie': cookie,
      ...AGENT_HEADERS,
    })
    response.end()
    request.resume()
    return
  }
  // A server told the proxy's path (Jupyter's base_url: the job spec's proxyPathPorts) gets each
  // request whole, under the rental's canonical (decimal) path; any other gets what follows it.
  const canonical = `/v1/rentals/${rentalId}/ports/${port}`
  const whole = access.keepsProxyPath?.(rentalId, port) ?? false
  const rest = `${whole ? canonical : ''}${tail}`
  proxyHttp(access, { rentalId, jobDir, port, rest, mount: whole ? '' : canonical }, url, request, response)
}
