import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, it } from 'vitest'
import { clientAddressOf, PEER_ADDRESS_HEADER, stampPeerAddresses } from './peer-address'

it('writes the connection’s address over whatever the client sent, before the server’s listener runs', async () => {
  stampPeerAddresses()
  let seen: IncomingHttpHeaders = {}
  const server = createServer((request, response) => {
    seen = request.headers
    response.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  try {
    await fetch(`http://127.0.0.1:${port}/`, {
      headers: { [PEER_ADDRESS_HEADER]: '6.6.6.6', 'x-forwarded-for': '7.7.7.7' },
    })
  } finally {
    server.close()
  }
  expect(seen[PEER_ADDRESS_HEADER]).toBe('127.0.0.1')
  const asRouteSees = new Request('http://localhost/', {
    headers: { [PEER_ADDRESS_HEADER]: String(seen[PEER_ADDRESS_HEADER]), 'x-forwarded-for': '7.7.7.7' },
  })
  expect(clientAddressOf(asRouteSees, 0)).toBe('127.0.0.1')
  expect(clientAddressOf(asRouteSees, 1)).toBe('7.7.7.7')
})
