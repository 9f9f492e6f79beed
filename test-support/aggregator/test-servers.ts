import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createNetServer, type Server, type Socket } from 'node:net'

/** A server on 127.0.0.1 for tests, counting the connections and requests it gets. */
export type TestServer = {
  url: string
  port: number
  /** Requests (HTTP) or connections (raw) received. */
  hits: number
  /** Bytes the server managed to hand to the kernel: a measure of how much a client read. */
  written: number
  close(): Promise<void>
}

async function listen(server: Server, sockets: Set<Socket>, state: { hits: number; written: number }) {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  })
}

/** An HTTP server whose handler may answer, stall or stream forever. */
export async function startHttpServer(
  handler: (req: IncomingMessage, res: ServerResponse, server: TestServer) => void,
): Promise<TestServer> {
  const sockets = new Set<Socket>()
  const state = { hits: 0, written: 0 }
  let self: TestServer | undefined
  const server = createHttpServer((req, res) => {
    state.hits++
    if (self) handler(req, res, self)
  })
  self = await listen(server, sockets, state)
  return self
}

/** A TCP server that writes whatever it likes on each connection (for lying HTTP responses). */
export async function startRawServer(
  onSocket: (socket: Socket, server: TestServer) => void,
): Promise<TestServer> {
  const sockets = new Set<Socket>()
  const state = { hits: 0, written: 0 }
  let self: TestServer | undefined
  const server = createNetServer((socket) => {
    state.hits++
    socket.on('error', () => undefined)
    if (self) onSocket(socket, self)
  })
  self = await listen(server, sockets, state)
  return self
}

/** Writes `chunk` to `out` again and again, as fast as the reader takes it, until it closes. */
export function pump(out: NodeJS.WritableStream & { destroyed: boolean }, chunk: Buffer, server: TestServer) {
  const write = () => {
    while (!out.destroyed) {
      server.written += chunk.length
      if (!out.write(chunk)) {
        out.once('drain', write)
        return
      }
    }
  }
  out.on('error', () => undefined)
  write()
}

export function json(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
