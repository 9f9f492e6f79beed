import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { freePort } from '../../lib/chain/anvil'
import { type FlakyProxy, flakyPhase, startFlakyProxy } from './demo-flaky-proxy'

const schedule = { periodSeconds: 60, refuseSeconds: 12, hangSeconds: 8 }

describe('flakyPhase', () => {
  test('is up for the first 40 s of each minute, refusing for 12 s, then hanging for 8 s', () => {
    expect(flakyPhase(schedule, 0)).toBe('up')
    expect(flakyPhase(schedule, 39_999)).toBe('up')
    expect(flakyPhase(schedule, 40_000)).toBe('refusing')
    expect(flakyPhase(schedule, 51_999)).toBe('refusing')
    expect(flakyPhase(schedule, 52_000)).toBe('hanging')
    expect(flakyPhase(schedule, 59_999)).toBe('hanging')
    expect(flakyPhase(schedule, 60_000)).toBe('up')
    expect(flakyPhase(schedule, 3_600_000 + 45_000)).toBe('refusing')
  })
})

describe('startFlakyProxy', () => {
  let agent: Server
  let proxy: FlakyProxy
  let url = ''
  let now = 0

  beforeAll(async () => {
    agent = createServer((_, res) => res.end('agent says hi'))
    await new Promise<void>((resolve) => agent.listen(0, '127.0.0.1', resolve))
    const listenPort = await freePort()
    const address = agent.address()
    if (typeof address !== 'object' || address === null) throw new Error('the agent double has no port')
    const targetPort = address.port
    proxy = await startFlakyProxy({
      host: '127.0.0.1',
      listenPort,
      targetPort,
      schedule: { periodSeconds: 60, refuseSeconds: 12, hangSeconds: 1 },
      now: () => now,
    })
    url = `http://127.0.0.1:${listenPort}/`
  })
  afterAll(async () => {
    await proxy.close()
    await new Promise((resolve) => agent.close(resolve))
  })

  test('forwards to the agent while up', async () => {
    now = 1_000
    const response = await fetch(url, { headers: { connection: 'close' } })
    expect(await response.text()).toBe('agent says hi')
  })

  test('resets connections while refusing', async () => {
    now = 50_000
    const error = await fetch(url, { headers: { connection: 'close' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
  })

  test('accepts and never answers while hanging, then drops the connection', async () => {
    now = 59_500
    const started = Date.now()
    const error = await fetch(url, { headers: { connection: 'close' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    // Dropped after hangSeconds (1 s), not at once.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
  })
})
