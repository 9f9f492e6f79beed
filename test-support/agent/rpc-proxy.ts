import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A JSON-RPC pass-through on loopback that can be switched off, to play an RPC outage: while down
 * it drops every connection, as a dead endpoint would.
 */
export async function startRpcProxy(target: string) {
  let down = false
  const server: Server = createServer(async (req, res) => {
    if (down) {
      req.socket.destroy()
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    try {
      const upstream = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      })
      res.writeHead(upstream.status, { 'content-type': 'application/json' })
      res.end(Buffer.from(await upstream.arrayBuffer()))
    } catch {
      req.socket.destroy()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    setDown(value: boolean) {
      down = value
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
