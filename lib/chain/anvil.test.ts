import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { type Anvil, freePort, startAnvil } from './anvil'

const started: Anvil[] = []
let squatter: Server | undefined

afterEach(async () => {
  await Promise.all(started.splice(0).map((anvil) => anvil.stop()))
  await new Promise((resolve) => (squatter ? squatter.close(resolve) : resolve(undefined)))
  squatter = undefined
})

async function chainIdAt(rpcUrl: string): Promise<number> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
  })
  const { result } = (await response.json()) as { result: string }
  return Number(result)
}

describe('startAnvil', () => {
  it('starts anvils side by side, each answering on its own port with its own chain', async () => {
    const anvils = await Promise.all([1, 2, 3].map((chainId) => startAnvil({ chainId })))
    started.push(...anvils)
    expect(new Set(anvils.map((a) => a.port)).size).toBe(3)
    expect(await Promise.all(anvils.map((a) => chainIdAt(a.rpcUrl)))).toEqual([1, 2, 3])
  }, 60_000)

  it('says the port is taken when told to use one another process holds', async () => {
    const port = await freePort()
    const server = createServer()
    squatter = server
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
    await expect(startAnvil({ port })).rejects.toThrow(`port ${port} is taken`)
  }, 60_000)
})
