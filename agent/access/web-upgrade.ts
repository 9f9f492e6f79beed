import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { ERROR_STATUS } from '@/lib/http/error-codes'
import { HttpError } from '../http/responses'
import { connectToJob } from './job-relay'
import { parsePort, upstreamHeaders, upstreamPath } from './port-proxy'
import { PORT_PATH } from './port-proxy-route'
import { authorizeWeb, nodeHeaders, runningJobOf, type WebAccess } from './web-access'
import type { WebTerminals } from './web-terminal'

const TERMINAL_PATH = /^\/v1\/rentals\/([^/]+)\/terminal$/

/**
 * The agent's HTTP upgrades (WebSockets): the web terminal, and WebSockets through the port proxy.
 * Each is authorized by an access token (`?token=`, as browsers cannot set headers on a WebSocket,
 * a bearer, or the proxy's cookie) before anything is started; a refusal is a plain HTTP answer.
 */
export function webUpgrades(access: WebAccess, terminals: WebTerminals) {
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined)
    handle(access, terminals, request, socket, head).catch((error: unknown) => {
      if (error instanceof HttpError)
        return refuse(socket, ERROR_STATUS[error.code], error.code, error.message)
      console.error('agent http: upgrade failed:', error)
      refuse(socket, 500, 'internal', 'the agent failed to handle this request')
    })
  }
}

async function handle(
  access: WebAccess,
  terminals: WebTerminals,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://agent')
  const headers = nodeHeaders(request.headers)
  const terminal = TERMINAL_PATH.exec(url.pathname)
  if (terminal) {
    const grant = authorizeWeb(access, terminal[1], url, headers, 'terminal')
    const jobDir = runningJobOf(access, grant.rentalId)
    const session = url.searchParams.get('session') ?? undefined
    if (session !== undefined && !/^[0-9a-f]{32}$/.test(session)) {
      throw new HttpError('invalid', 'session must be the id the terminal sent (32 hex digits)')
    }
    const size = (name: string) => Number(url.searchParams.get(name) ?? 0)
    return terminals.accept(request, socket, head, {
      rentalId: grant.rentalId,
      renter: grant.renter,
      jobDir,
      session,
      cols: size('cols'),
      rows: size('rows'),
    })
  }
  const ports = PORT_PATH.exec(url.pathname)
  if (!ports) throw new HttpError('not_found', 'no such route')
  const grant = authorizeWeb(access, ports[1], url, headers, 'ports')
  const port = parsePort(ports[2])
  const jobDir = runningJobOf(access, grant.rentalId)
  const connection = await connectToJob(access.runner, jobDir, port)
  if (!connection) throw new HttpError('bad_gateway', `nothing answers on port ${port} inside the job`)
  // The upgrade request goes on as the client wrote it, less the agent's credentials and hop
  // headers (Connection and Upgrade are put back: they are what this request is).
  const forwarded = upstreamHeaders(request.headers, port)
  forwarded.connection = 'Upgrade'
  forwarded.upgrade = request.headers.upgrade ?? 'websocket'
  const lines = [`${request.method ?? 'GET'} ${upstreamPath(ports[3] ?? '/', url)} HTTP/1.1`]
  for (const [name, value] of Object.entries(forwarded))
    lines.push(`${name}: ${value.replace(/[\r\n]/g, '')}`)
  connection.stream.write(`${lines.join('\r\n')}\r\n\r\n`)
  if (head.length > 0) connection.stream.write(head)
  socket.pipe(connection.stream).pipe(socket)
  socket.once('close', () => connection.close())
  connection.stream.once('close', () => socket.destroy())
}

function refuse(socket: Duplex, status: number, code: string, message: string) {
  const body = JSON.stringify({ error: { code, message } })
  socket.end(
    `HTTP/1.1 ${status} ${code}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
