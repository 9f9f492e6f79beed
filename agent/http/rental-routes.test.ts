import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { GpuMetricSample } from '@/agent/inventory/gpu-device'
import { gpuMetricsSchema } from '@/lib/protocol/gpu-metrics'
import { logPageSchema } from '@/lib/protocol/job-logs'
import { rentalInfoSchema } from '@/lib/protocol/rental-info'
import {
  errorOf,
  operator,
  RENTAL,
  renter,
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

describe('job delivery', () => {
  it('has no route: the job spec arrives sealed in the rent transaction', async () => {
    const body = JSON.stringify({ command: ['python', 'train.py'] })
    const headers = { 'content-type': 'application/json' }
    const response = await agent.send('/v1/rentals/1/job', { method: 'POST', body, headers })
    expect(response.status).toBe(404)
    expect((await errorOf(response)).code).toBe('not_found')
    expect(agent.api.calls.renterOf).toBe(0)
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
