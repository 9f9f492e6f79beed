import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { GpuMetricSample } from '@/agent/inventory/gpu-device'
import { gpuMetricsSchema } from '@/lib/protocol/gpu-metrics'
import { logPageSchema } from '@/lib/protocol/job-logs'
import { rentalInfoSchema } from '@/lib/protocol/rental-info'
import {
  errorOf,
  MAX_BODY_BYTES,
  operator,
  RENTAL,
  renter,
  SPEC,
  startTestAgent,
  type TestAgent,
} from '@/test-support/agent/test-agent'

let agent: TestAgent
beforeEach(async () => {
  agent = await startTestAgent()
})
afterEach(async () => {
  await agent.server.close(0)
})

const json = { 'content-type': 'application/json' }
const deliver = (body: string, headers: Record<string, string> = json) =>
  agent.send('/v1/rentals/1/job', { method: 'POST', body, headers })

describe('GET /v1/rentals/:id', () => {
  it('returns the rental with its uint256 id as a decimal string', async () => {
    const response = await agent.send('/v1/rentals/1')
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform')
    // Read with the schema the market reads it with, so the two cannot drift apart.
    expect(rentalInfoSchema.parse(await response.json())).toMatchObject({
      id: '1',
      renter: renter.address,
      status: 'pending',
    })
  })

  it('answers 404 when the chain knows the rental but the agent does not yet', async () => {
    agent.api.rental = async () => undefined
    const response = await agent.send('/v1/rentals/1', { signer: operator })
    expect(response.status).toBe(404)
    expect((await errorOf(response)).code).toBe('not_found')
  })
})

describe('POST /v1/rentals/:id/job', () => {
  it('accepts the job spec whose hash matches, with 202 and the rental', async () => {
    const response = await deliver(JSON.stringify(SPEC), {
      'content-type': 'application/json; charset=utf-8',
    })
    expect(response.status).toBe(202)
    expect(rentalInfoSchema.parse(await response.json())).toMatchObject({ id: '1', jobDelivered: true })
    expect(agent.api.rentals.get(RENTAL)?.spec).toEqual(SPEC)
  })

  it('refuses a job spec whose hash differs from the rental → 422, nothing stored', async () => {
    const response = await deliver(JSON.stringify({ ...SPEC, command: ['sh', '-c', 'mine-crypto'] }))
    expect(response.status).toBe(422)
    expect((await errorOf(response)).code).toBe('hash_mismatch')
    expect(agent.api.rentals.get(RENTAL)?.spec).toBeUndefined()
    expect(agent.api.rentals.get(RENTAL)?.info.jobDelivered).toBe(false)
  })

  it('answers a second delivery with 409', async () => {
    expect((await deliver(JSON.stringify(SPEC))).status).toBe(202)
    const again = await deliver(JSON.stringify(SPEC))
    expect(again.status).toBe(409)
    expect((await errorOf(again)).code).toBe('conflict')
  })

  it.each([
    ['no command', { env: {} }, /job spec: command: /],
    ['an empty command', { command: [] }, /command: command must name a program/],
    ['an unknown key', { ...SPEC, privileged: true }, /privileged/],
    ['a bad env name', { command: ['x'], env: { 'BAD NAME': '1' } }, /env: environment variable names/],
    ['an array', [SPEC], /job spec: /],
  ])('refuses a spec with %s → 400 naming the problem, before the core sees it', async (_, spec, message) => {
    const response = await deliver(JSON.stringify(spec))
    expect(response.status).toBe(400)
    expect(await errorOf(response)).toEqual({ code: 'invalid', message: expect.stringMatching(message) })
    expect(agent.api.calls.deliverJob).toBe(0)
  })

  it('refuses a body that is not JSON → 400', async () => {
    const response = await deliver('{"command": ["x"')
    expect(response.status).toBe(400)
    expect((await errorOf(response)).message).toMatch(/not valid UTF-8 JSON/)
  })

  it('refuses another content type → 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const response = await deliver(JSON.stringify(SPEC), { 'content-type': type })
      expect(response.status).toBe(415)
      expect((await errorOf(response)).code).toBe('unsupported_media_type')
    }
    expect(agent.api.calls.deliverJob).toBe(0)
  })

  it('refuses a 2 MB body → 413, with a Content-Length or streamed without one', async () => {
    const huge = JSON.stringify({ command: ['x'], env: { A: 'a'.repeat(2 * 1024 * 1024) } })
    const declared = await deliver(huge)
    expect(declared.status).toBe(413)
    expect((await errorOf(declared)).code).toBe('payload_too_large')

    const headers = { ...(await agent.sign('/v1/rentals/1/job', { method: 'POST', body: huge })), ...json }
    const chunks = new TextEncoder().encode(huge)
    // A streamed body has no Content-Length, so the cap must count bytes as they arrive.
    const init = {
      method: 'POST',
      headers,
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < chunks.length; i += 64 * 1024)
            controller.enqueue(chunks.slice(i, i + 64 * 1024))
          controller.close()
        },
      }),
      duplex: 'half', // Node's fetch needs it for a stream body; not in the DOM RequestInit type
    }
    const streamed = await fetch(`${agent.server.url}/v1/rentals/1/job`, init)
    expect(streamed.status).toBe(413)
    expect(agent.api.calls.renterOf).toBe(0)
    expect(MAX_BODY_BYTES).toBeLessThan(huge.length)
  })
})

describe('GET /v1/rentals/:id/logs', () => {
  it('pages lines after a seq, up to a limit', async () => {
    for (const text of ['one', 'two', 'three', 'four']) agent.api.print(RENTAL, text)
    const first = await agent.send('/v1/rentals/1/logs?limit=2')
    expect(first.status).toBe(200)
    const page = logPageSchema.parse(await first.json())
    expect(page.lines.map((line) => line.text)).toEqual(['one', 'two'])
    const second = await (await agent.send(`/v1/rentals/1/logs?after=${page.next}&limit=1000`)).json()
    expect(second.lines.map((line: { text: string }) => line.text)).toEqual(['three', 'four'])
  })

  it.each([
    ['limit=1001', /limit: /],
    ['limit=0', /limit: /],
    ['after=abc', /after: must be a whole number/],
    ['after=-1', /after: /],
    ['after=1e3', /after: /],
    ['after=', /after: /],
  ])('refuses ?%s → 400 naming the parameter', async (query, message) => {
    const response = await agent.send(`/v1/rentals/1/logs?${query}`)
    expect(response.status).toBe(400)
    expect((await errorOf(response)).message).toMatch(message)
  })
})

describe('GET /v1/rentals/:id/metrics', () => {
  const sample = (timeMs: number): GpuMetricSample => ({
    timestamp: '2026/01/01 00:00:00.000',
    timeMs,
    index: 0,
    uuid: 'GPU-0',
    memoryMiB: 81559,
    memoryUsedMiB: 1024,
    memoryFreeMiB: 80535,
    utilizationPct: 97,
    memoryUtilizationPct: 40,
    temperatureC: 61,
    powerW: 650,
    smClockMHz: 1980,
    pstate: 'P0',
  })

  it('returns samples since a time', async () => {
    agent.api.rentals.get(RENTAL)?.samples.push(sample(1000), sample(2000), sample(3000))
    const all = gpuMetricsSchema.parse(await (await agent.send('/v1/rentals/1/metrics')).json())
    expect(all.samples).toHaveLength(3)
    const recent = await (await agent.send('/v1/rentals/1/metrics?since=2000')).json()
    expect(recent.samples.map((s: GpuMetricSample) => s.timeMs)).toEqual([2000, 3000])
  })

  it('refuses a negative or non-numeric since → 400', async () => {
    for (const since of ['-5', 'yesterday']) {
      const response = await agent.send(`/v1/rentals/1/metrics?since=${since}`)
      expect(response.status).toBe(400)
      expect((await errorOf(response)).message).toMatch(/since: /)
    }
  })
})
