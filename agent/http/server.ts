import { type IncomingMessage, Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { getRequestListener } from '@hono/node-server'

export type AgentServer = {
  /** Where it listens, e.g. http://127.0.0.1:8787 (the actual port when asked for port 0). */
  url: string
  /**
   * Stops accepting, lets requests in flight finish for up to `graceMs`, then cuts the rest (log
   * streams). Calling it again returns the same promise.
   */
  close(graceMs?: number): Promise<void>
}

/**
 * Serves the agent's app over HTTP on `host:port` (TLS is the reverse proxy's job). Timeouts keep a
 * slow or silent client from holding a socket: headers must arrive within 10 s and the whole request
 * within 30 s; idle keep-alive sockets close after 5 s. Responses are not timed, so log streams live
 * as long as the client stays.
 */
export async function startAgentServer(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  options: {
    port: number
    host: string
    /** Handles HTTP upgrades (WebSockets); without it they are refused. */
    upgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void
    /** Takes the requests it serves itself, ahead of the app (the port proxy); false leaves one to the app. */
    ahead?: (request: IncomingMessage, response: ServerResponse) => boolean
  },
): Promise<AgentServer> {
  const appListener = getRequestListener(app.fetch)
  const ahead = options.ahead
  const server = new Server(
    { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, maxHeaderSize: 16 * 1024 },
    (request, response) => {
      if (ahead?.(request, response)) return
      void appListener(request, response)
    },
  )
  const upgrade = options.upgrade
  if (upgrade) server.on('upgrade', upgrade)
  else server.on('upgrade', (_request: IncomingMessage, socket: Duplex) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const bound = server.address()
  if (bound === null || typeof bound === 'string') throw new TypeError('expected a TCP address')
  const { address, port } = bound
  const host = address.includes(':') ? `[${address}]` : address

  let closing: Promise<void> | undefined
  return {
    url: `http://${host}:${port}`,
    close(graceMs = 5_000) {
      closing ??= new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs)
        server.close((error) => {
          clearTimeout(force)
          if (error) reject(error)
          else resolve()
        })
        server.closeIdleConnections()
      })
      return closing
    },
  }
}
