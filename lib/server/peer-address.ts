import 'server-only'
import { IncomingMessage, Server } from 'node:http'
import { pickClientAddress } from '@/lib/http/client-address'

/**
 * The header this server writes on every request it accepts: the TCP peer's address. Route
 * handlers see only headers, and Next fills X-Forwarded-For with the peer's address only when the
 * client sent none, so a client could otherwise choose its own address by sending that header.
 */
export const PEER_ADDRESS_HEADER = 'x-weft-peer-address'

type Holder = { weftPeerAddressStamp?: true }

/**
 * Makes every HTTP server in this process write the peer's address into each request's
 * PEER_ADDRESS_HEADER before any listener runs, overwriting whatever the client sent under that
 * name. `next start` creates its server itself, so the hook sits on the prototype's `emit`
 * (installed once, from instrumentation at server start).
 */
export function stampPeerAddresses(): void {
  const holder = globalThis as Holder
  if (holder.weftPeerAddressStamp) return
  holder.weftPeerAddressStamp = true
  const emit = Server.prototype.emit
  Server.prototype.emit = function stamped(this: Server, event: string | symbol, ...args: unknown[]) {
    const [request] = args
    if (event === 'request' && request instanceof IncomingMessage) {
      request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? ''
    }
    return Reflect.apply(emit, this, [event, ...args])
  }
}

/**
 * The client's IP address for a route handler's request. Before the stamp is installed (the first
 * requests while the server starts) there is no peer header, and Next's own X-Forwarded-For, the
 * peer's address unless the client wrote one, stands in.
 */
export function clientAddressOf(request: Request, trustedProxyHops: number): string {
  return pickClientAddress({
    peer: request.headers.get(PEER_ADDRESS_HEADER) || undefined,
    forwardedFor: request.headers.get('x-forwarded-for'),
    trustedHops: trustedProxyHops,
  })
}
