import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RENTAL, startTestAgent, type TestAgent } from '@/test-support/agent/test-agent'

let agent: TestAgent
beforeEach(async () => {
  agent = await startTestAgent()
})
afterEach(async () => {
  await agent.server.close(0)
})

type Event = { event?: string; id?: string; data?: string; comment?: string }

/** Reads server-sent events off a response, one at a time. */
function eventReader(response: Response) {
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader()
  if (!reader) throw new Error('no body')
  let buffer = ''
  const next = async (): Promise<Event | undefined> => {
    for (;;) {
      const end = buffer.indexOf('\n\n')
      if (end >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event: Event = {}
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) event.comment = line.slice(1).trim()
          const [, key, value] = /^(event|id|data): ?(.*)$/.exec(line) ?? []
          if (key === 'event' || key === 'id' || key === 'data') event[key] = value
        }
        return event
      }
      const { done, value } = await reader.read()
      if (done) return undefined
      buffer += value
    }
  }
  return { next, cancel: () => reader.cancel() }
}

/** The next event that is not a comment. */
async function nextEvent(next: () => Promise<Event | undefined>) {
  for (;;) {
    const event = await next()
    if (!event?.comment) return event
  }
}

describe('GET /v1/rentals/:id/logs/stream', () => {
  it('sends the lines after `after`, then live lines, then `end`, then closes', async () => {
    for (const text of ['zero', 'one', 'two']) agent.api.print(RENTAL, text)
    const response = await agent.send('/v1/rentals/1/logs/stream?after=1')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform')
    expect(response.headers.get('x-accel-buffering')).toBe('no')
    const { next } = eventReader(response)

    const first = await nextEvent(next)
    expect(first).toMatchObject({ event: 'log', id: '1' })
    expect(JSON.parse(first?.data ?? '')).toMatchObject({ seq: 1, stream: 'stdout', text: 'one' })
    expect(await nextEvent(next)).toMatchObject({ event: 'log', id: '2' })

    agent.api.print(RENTAL, 'three\nwith a newline')
    const live = await nextEvent(next)
    expect(JSON.parse(live?.data ?? '')).toMatchObject({ seq: 3, text: 'three\nwith a newline' })
    agent.api.endJob(RENTAL)
    expect(await nextEvent(next)).toMatchObject({ event: 'end' })
    expect(await next()).toBeUndefined()
    await expect.poll(() => agent.api.followerCount(RENTAL), { timeout: 10_000 }).toBe(0)
  })

  it('sends heartbeat comments while the job is quiet', async () => {
    const response = await agent.send('/v1/rentals/1/logs/stream')
    const { next, cancel } = eventReader(response)
    const comments = new Set<string>()
    for (let i = 0; i < 3; i++) comments.add((await next())?.comment ?? '')
    expect(comments).toContain('heartbeat')
    await cancel()
  })

  it('unsubscribes from the core when the client goes away', async () => {
    const abort = new AbortController()
    const headers = await agent.sign('/v1/rentals/1/logs/stream')
    const response = await fetch(`${agent.server.url}/v1/rentals/1/logs/stream`, {
      headers,
      signal: abort.signal,
    })
    const { next } = eventReader(response)
    agent.api.print(RENTAL, 'hello')
    expect(await nextEvent(next)).toMatchObject({ event: 'log', id: '0' })
    expect(agent.api.followerCount(RENTAL)).toBe(1)
    abort.abort()
    await expect.poll(() => agent.api.followerCount(RENTAL), { timeout: 10_000 }).toBe(0)
  })

  it('gives up on a client that falls 10,000 lines behind, telling it where to resume', async () => {
    const response = await agent.send('/v1/rentals/1/logs/stream')
    const { next } = eventReader(response)
    await next() // ': open': the stream is running and waiting for lines
    for (let i = 0; i <= 10_000; i++) agent.api.print(RENTAL, `line ${i}`)
    let last: Event | undefined
    let lines = 0
    for (let event = await nextEvent(next); event; event = await nextEvent(next)) {
      if (event.event === 'log') lines++
      last = event
    }
    expect(last?.event).toBe('overflow')
    expect(JSON.parse(last?.data ?? '')).toEqual({ after: lines })
    expect(lines).toBeLessThan(10_001)
    await expect.poll(() => agent.api.followerCount(RENTAL), { timeout: 10_000 }).toBe(0)
  })

  it('is cut when the server closes, and unsubscribes', async () => {
    const response = await agent.send('/v1/rentals/1/logs/stream')
    const { next } = eventReader(response)
    await next()
    await agent.server.close(50)
    await expect(
      (async () => {
        while (await next()) {}
      })(),
    ).rejects.toThrow()
    await expect.poll(() => agent.api.followerCount(RENTAL), { timeout: 10_000 }).toBe(0)
  })
})
