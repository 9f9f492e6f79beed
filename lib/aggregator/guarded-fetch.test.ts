import type { IncomingHttpHeaders } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import {
  json,
  pump,
  startHttpServer,
  startRawServer,
  type TestServer,
} from '@/test-support/aggregator/test-servers'
import { ByteBudget } from './byte-budget'
import { type GuardedFetchError, type GuardedFetchOptions, guardedFetch } from './guarded-fetch'
import type { HostLookup } from './ssrf-guard'

const MiB = 1024 * 1024
const base: GuardedFetchOptions = { timeoutMs: 1000, maxBytes: MiB, allowLoopback: true }
const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})
async function serve<T extends TestServer>(server: Promise<T>): Promise<T> {
  const s = await server
  servers.push(s)
  return s
}

async function failure(url: string, options: Partial<GuardedFetchOptions> = {}): Promise<GuardedFetchError> {
  const error = await guardedFetch(url, { ...base, ...options }).then(
    () => undefined,
    (e: GuardedFetchError) => e,
  )
  if (!error) throw new Error(`expected ${url} to fail`)
  return error
}

describe('guardedFetch', () => {
  it('GETs JSON with accept: application/json, no cookies, and ignores the cookies it is given', async () => {
    const seen: IncomingHttpHeaders[] = []
    const server = await serve(
      startHttpServer((req, res) => {
        seen.push(req.headers)
        res.setHeader('set-cookie', 'session=abc; Path=/')
        json(res, 200, { offers: [] })
      }),
    )
    const first = await guardedFetch(`${server.url}/v1/offers`, base)
    await guardedFetch(`${server.url}/v1/offers`, base)
    expect(first.status).toBe(200)
    expect(JSON.parse(first.body.toString())).toEqual({ offers: [] })
    expect(first.address).toBe('127.0.0.1')
    expect(seen[0]?.accept).toBe('application/json')
    expect(seen.map((h) => h.cookie)).toEqual([undefined, undefined])
  })

  it('times out a server that never answers, at the deadline', async () => {
    const server = await serve(startHttpServer(() => undefined))
    const started = performance.now()
    const error = await failure(server.url, { timeoutMs: 300 })
    expect(error.kind).toBe('timeout')
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('times out an endless trickle of body bytes', async () => {
    const server = await serve(
      startHttpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        const timer = setInterval(() => res.write(' '), 20)
        res.on('close', () => clearInterval(timer))
      }),
    )
    const started = performance.now()
    expect((await failure(server.url, { timeoutMs: 300 })).kind).toBe('timeout')
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('refuses a body declared larger than the cap without reading it', async () => {
    const server = await serve(
      startRawServer((socket) => {
        socket.write(
          'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5368709120\r\n\r\n{',
        )
      }),
    )
    const started = performance.now()
    expect((await failure(server.url)).kind).toBe('too_large')
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('cuts an endless body at the cap, having read little more than the cap', async () => {
    const server = await serve(
      startHttpServer((_req, res, self) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        pump(res, Buffer.alloc(64 * 1024, 0x20), self)
      }),
    )
    const rss = process.memoryUsage().rss
    const error = await failure(server.url, { maxBytes: MiB, timeoutMs: 5000 })
    expect(error.kind).toBe('too_large')
    // The server could have sent gigabytes; it got rid of only the cap plus socket buffers.
    expect(server.written).toBeLessThan(32 * MiB)
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * MiB)
  })

  it('reads no more than a lying Content-Length says, and cuts one that lies the other way', async () => {
    const short = await serve(
      startRawServer((socket, self) => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 20\r\n\r\n')
        pump(socket, Buffer.alloc(64 * 1024, 0x5b), self)
      }),
    )
    // Node's parser stops at the declared length; the surplus either arrives after the response
    // ended (ignored) or with it (a protocol error). Either way nothing past 20 bytes is kept.
    const outcome = await guardedFetch(short.url, base).then(
      (answer) => answer.body.length,
      (error: GuardedFetchError) => error.kind,
    )
    expect([20, 'network']).toContain(outcome)
    expect(short.written).toBeLessThan(32 * MiB)

    // Declares 100 bytes under the cap, then streams past it with no end: the count decides.
    const long = await serve(
      startRawServer((socket, self) => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n')
        pump(socket, Buffer.alloc(64 * 1024, 0x5b), self)
      }),
    )
    expect((await failure(long.url, { maxBytes: 100 })).kind).toBe('too_large')
    expect(long.written).toBeLessThan(32 * MiB)
  })

  it('refuses a redirect to a private, metadata, mapped-loopback or non-http address, contacting none', async () => {
    const target = await serve(startHttpServer((_req, res) => json(res, 200, {})))
    const locations = [
      'http://10.0.0.1/v1/offers',
      'http://169.254.169.254/latest/meta-data/',
      `http://[::ffff:127.0.0.1]:${target.port}/`,
      `http://0x7f.1:22/`,
      'file:///etc/passwd',
    ]
    const server = await serve(
      startHttpServer((req, res) => {
        res.writeHead(302, { location: locations[Number(req.url?.slice(1))] })
        res.end()
      }),
    )
    const reasons = []
    for (const [i] of locations.entries()) {
      const error = await failure(`${server.url}/${i}`)
      expect(error.kind).toBe('refused')
      reasons.push(error.detail.refusal?.reason)
    }
    expect(reasons).toEqual(['private', 'link_local', 'loopback', 'port_not_allowed', 'unsupported_scheme'])
    expect(target.hits).toBe(0)
  })

  it('follows at most three redirects, re-checking each hop, and stops a loop', async () => {
    const server = await serve(
      startHttpServer((req, res) => {
        const n = Number(req.url?.slice(1))
        if (req.url === '/loop') {
          res.writeHead(307, { location: '/loop' })
          return res.end()
        }
        if (n < 3) {
          res.writeHead(301, { location: `/${n + 1}` })
          return res.end()
        }
        json(res, 200, { hop: n })
      }),
    )
    const ok = await guardedFetch(`${server.url}/0`, base)
    expect(JSON.parse(ok.body.toString())).toEqual({ hop: 3 })
    expect(ok.url).toBe(`${server.url}/3`)

    const before = server.hits
    const error = await failure(`${server.url}/loop`)
    expect(error.kind).toBe('redirect')
    expect(server.hits - before).toBe(4)
  })

  it('connects to the checked address only: DNS asked once, its later answers never used', async () => {
    const server = await serve(startHttpServer((_req, res) => json(res, 200, { ok: true })))
    const answers = ['127.0.0.1', '10.0.0.1']
    let lookups = 0
    const lookup: HostLookup = async () => [{ address: answers[lookups++] ?? '10.0.0.1', family: 4 }]
    // `agent.invalid` resolves nowhere in real DNS: this only works over the pinned address.
    const answer = await guardedFetch(`http://agent.invalid:${server.port}/v1/health`, { ...base, lookup })
    expect(answer.address).toBe('127.0.0.1')
    expect(lookups).toBe(1)
    expect(await failure(`http://agent.invalid:${server.port}/v1/health`, { lookup })).toMatchObject({
      kind: 'refused',
    })
  })

  it('reports HTTP errors, refused connections and cancellation by kind', async () => {
    const server = await serve(startHttpServer((_req, res) => json(res, 503, { ok: false })))
    expect(await failure(server.url)).toMatchObject({ kind: 'http_status', detail: { status: 503 } })
    const closed = await serve(startHttpServer(() => undefined))
    await closed.close()
    expect((await failure(closed.url)).kind).toBe('network')
    expect((await failure('http://10.0.0.1', { allowLoopback: true })).kind).toBe('refused')
    const stall = await serve(startHttpServer(() => undefined))
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    expect((await failure(stall.url, { signal: controller.signal })).kind).toBe('aborted')
  })

  it('holds bodies within a shared byte budget, pausing readers instead of failing them', async () => {
    const body = JSON.stringify({ offers: 'x'.repeat(256 * 1024) })
    const server = await serve(
      startHttpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(body)
      }),
    )
    const budget = new ByteBudget(300 * 1024)
    const first = await guardedFetch(server.url, { ...base, budget })
    // The first body is still held: the second fetch waits until it is released.
    const second = guardedFetch(server.url, { ...base, budget, timeoutMs: 2000 })
    await new Promise((r) => setTimeout(r, 100))
    expect(budget.inUse).toBeGreaterThan(budget.limit)
    first.release()
    const answer = await second
    expect(answer.body.toString()).toBe(body)
    answer.release()
    expect(budget.inUse).toBe(0)
  })
})
