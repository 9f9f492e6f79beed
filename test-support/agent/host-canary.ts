import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'

export type HostCanary = { port: number; readonly connections: number; close(): void }

/**
 * A server on the host's loopback that no job may reach: it answers each connection with `reply`
 * and counts them, so a test can say that nothing of a job's got through.
 */
export async function startHostCanary(reply: string): Promise<HostCanary> {
  let connections = 0
  const server = createServer((socket) => {
    connections++
    socket.end(reply)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections
    },
    close: () => server.close(),
  }
}
