import { describe, expect, it } from 'vitest'
import { deliverJobSpec } from './deliver-job'

const spec = { command: ['sh', '-c', 'nvidia-smi'], env: {} }
const error = (status: number, message: string) =>
  new Response(JSON.stringify({ error: { code: 'x', message } }), { status })

function server(answers: Response[]) {
  const calls: { url: string; body: string }[] = []
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), body: String(init?.body) })
    const next = answers.shift()
    if (!next) throw new TypeError('Failed to fetch')
    return next
  }
  return { fetch: fetch as typeof globalThis.fetch, calls }
}

const delivered = () =>
  Response.json(
    {
      delivered: true,
      agent: {
        id: '42',
        renter: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
        status: 'pending',
        timeline: [{ at: 1, status: 'pending' }],
        jobDelivered: true,
        gpuIndices: [0],
      },
    },
    { status: 202 },
  )

const quick = { sleep: async () => {}, attempts: 4 }
describe('deliverJobSpec', () => {
  it('retries answers that mean not yet (the server waited, but not long enough), then delivers', async () => {
    const s = server([error(409, 'not indexed'), error(404, 'agent does not know'), delivered()])
    expect(await deliverJobSpec('42', spec, { ...quick, fetch: s.fetch })).toEqual({ ok: true })
    expect(s.calls.map((c) => c.url)).toEqual(Array(3).fill('/api/rentals/42/job'))
    expect(JSON.parse(s.calls[0]?.body ?? '')).toEqual(spec)
  })

  it('stops at once on an answer that will not change, with the server’s sentence', async () => {
    const s = server([error(401, 'Sign in first.')])
    expect(await deliverJobSpec('42', spec, { ...quick, fetch: s.fetch })).toEqual({
      ok: false,
      status: 401,
      message: 'Sign in first.',
      needsSignIn: true,
    })
    expect(s.calls).toHaveLength(1)
  })

  it('gives up after its attempts with the last reason', async () => {
    const s = server([error(503, 'a'), error(503, 'b')])
    const result = await deliverJobSpec('42', spec, { ...quick, attempts: 3, fetch: s.fetch })
    expect(result).toEqual({
      ok: false,
      status: 0,
      message: 'The market server could not be reached. Check your connection.',
      needsSignIn: false,
    })
    expect(s.calls).toHaveLength(3)
  })

  it('reports a 202 it cannot read instead of claiming the job arrived', async () => {
    const s = server([new Response('{}', { status: 202 })])
    const result = await deliverJobSpec('42', spec, { ...quick, fetch: s.fetch })
    expect(result).toMatchObject({ ok: false, status: 202, needsSignIn: false })
    expect(result.ok ? '' : result.message).toMatch(/cannot read/)
  })
})
