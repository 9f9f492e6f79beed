import { request as httpRequest } from 'node:http'
import type { Duplex } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  errorOf,
  OTHER_RENTAL,
  otherRenter,
  renter,
  stranger,
  type TestAgent,
} from '@/test-support/agent/test-agent'
import { webAccessFixture } from '@/test-support/agent/web-access-support'
import { eventually } from '@/test-support/eventually'
import { sandboxUnavailableReason } from '../jobs/sandbox-check'
import { issueAccessToken } from './access-token'

/**
 * The browser access plane on a real sandboxed job (bubblewrap; root only), through the agent's
 * real HTTP server: the terminal WebSocket, the port proxy (HTTP, streaming, upgrades) and files.
 */
const missing = sandboxUnavailableReason()
const JOB_PORT = 7788
const JOB_SERVER = `
const http = require('http'); let release
const server = http.createServer((req, res) => {
  if (req.url === '/stream') { res.write('first\\n'); release = () => res.end('second\\n'); return }
  if (req.url === '/release') { release?.(); return res.end('released') }
  if (req.url.endsWith('/redirect')) { res.writeHead(302, { location: '/seen' }); return res.end() }
  let body = ''; req.on('data', (c) => { body += c })
  req.on('end', () => res.end(JSON.stringify({ url: req.url, method: req.method, body, auth: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null })))
})
server.on('upgrade', (req, socket) => { socket.write('HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: echo\\r\\nConnection: Upgrade\\r\\n\\r\\n'); socket.pipe(socket) })
server.listen(${JOB_PORT}, '127.0.0.1', () => console.log('ready'))`
const JOB_SCRIPT = `mkdir -p /workspace/outputs/sub && echo result-bytes > /workspace/outputs/result.txt
exec /usr/bin/node -e "${JOB_SERVER.replaceAll('"', '\\"')}"`

describe.skipIf(missing !== undefined)('browser access to a sandboxed job', () => {
  if (missing) it.skip(`skipped: ${missing}`, () => undefined)
  // Whether the job's server was told the proxy's path (the spec's proxyPathPorts), per test.
  let wantsPath = false
  const web = webAccessFixture(JOB_SCRIPT, undefined, undefined, {
    keepsProxyPath: (_id, port) => wantsPath && port === JOB_PORT,
  })
  const { secret, bearer, base } = web
  let agent: TestAgent
  let rental = 0n
  let token = ''
  const wsUrl = (path: string) => `${agent.server.url.replace('http', 'ws')}${path}`

  beforeAll(async () => {
    await web.start()
    ;({ rental, token } = web.state)
    agent = web.agent
  }, 120_000)
  afterAll(() => web.cleanup(), 60_000)

  it('gives tokens to the renter only', async () => {
    const byStranger = await agent.send(`${base()}/access-token`, {
      method: 'POST',
      body: '{}',
      signer: stranger,
    })
    expect(byStranger.status).toBe(403)
    const unsigned = await agent.send(`${base()}/access-token`, { method: 'POST', body: '{}', signer: null })
    expect(unsigned.status).toBe(401)
  })

  it('refuses no token, another rental’s token, an expired or forged one', async () => {
    const other = await agent.send(`/v1/rentals/${OTHER_RENTAL}/access-token`, {
      method: 'POST',
      body: '{}',
      signer: otherRenter,
    })
    const otherToken = ((await other.json()) as { token: string }).token
    const expired = issueAccessToken(secret, {
      rentalId: rental,
      renter: renter.address,
      scopes: ['ports', 'files', 'terminal'],
      expiresAt: 1,
    })
    const forged = issueAccessToken(Buffer.alloc(32, 1), {
      rentalId: rental,
      renter: renter.address,
      scopes: ['ports'],
      expiresAt: 9e9,
    })
    const cases: [Awaited<ReturnType<typeof agent.send>>, RegExp][] = [
      [await agent.send(`${base()}/ports/${JOB_PORT}/`, { signer: null }), /needs an access token/],
      [await agent.send(`${base()}/ports/${JOB_PORT}/`, bearer(otherToken)), /another rental/],
      [await agent.send(`${base()}/files/outputs/`, bearer(expired)), /expired/],
      [await agent.send(`${base()}/ports`, bearer(forged)), /not issued by this agent/],
    ]
    for (const [response, message] of cases) {
      expect(response.status).toBe(401)
      expect((await errorOf(response)).message).toMatch(message)
    }
    const socket = new WebSocket(wsUrl(`${base()}/terminal?token=${otherToken}`))
    const status = await new Promise((resolve) =>
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode)),
    )
    expect(status).toBe(401)
  })

  it('proxies HTTP to the job’s port, without the agent’s credentials, and lists the port', async () => {
    const listed = await agent.send(`${base()}/ports`, bearer())
    expect(((await listed.json()) as { ports: number[] }).ports).toContain(JOB_PORT)
    const response = await agent.send(`${base()}/ports/${JOB_PORT}/echo?x=1&token=${token}`, {
      method: 'POST',
      body: 'sent-body',
      signer: null,
      headers: { authorization: `Bearer ${token}`, cookie: `weft_access=${token}; mine=1` },
    })
    expect(await response.json()).toEqual({
      url: '/echo?x=1',
      method: 'POST',
      body: 'sent-body',
      auth: null,
      cookie: 'mine=1',
    })
    const redirect = await fetch(`${agent.server.url}${base()}/ports/${JOB_PORT}/redirect`, {
      ...bearer(),
      redirect: 'manual',
    })
    expect(redirect.status).toBe(302)
    expect(redirect.headers.get('location')).toBe(`${base()}/ports/${JOB_PORT}/seen`)
    for (const port of ['0', '65536', 'x'])
      expect((await agent.send(`${base()}/ports/${port}/`, bearer())).status).toBe(400)
    const nothing = await agent.send(`${base()}/ports/${JOB_PORT + 1}/`, bearer())
    expect(nothing.status).toBe(502)
    expect(await nothing.text()).toMatch(/nothing answers on port/)
    // Requests one after another reuse the kept-alive connection and each gets its own answer.
    for (const n of [1, 2, 3]) {
      const again = await agent.send(`${base()}/ports/${JOB_PORT}/echo?n=${n}`, bearer())
      expect(((await again.json()) as { url: string }).url).toBe(`/echo?n=${n}`)
    }
  })

  it('leaves CORS preflights to the agent, passes any other OPTIONS on, and refuses in the agent’s own words', async () => {
    const url = `${agent.server.url}${base()}/ports/${JOB_PORT}/echo`
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    const options = await fetch(url, { method: 'OPTIONS', ...bearer() })
    expect(await options.json()).toMatchObject({ url: '/echo', method: 'OPTIONS' })
    expect(options.headers.get('cache-control')).toBe('no-store, no-transform')
    const refused = await fetch(url)
    expect(refused.status).toBe(401)
    expect(refused.headers.get('access-control-allow-origin')).toBe('*')
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await errorOf(refused)).toMatchObject({ code: 'unauthorized', message: /needs an access token/ })
  })

  it('keeps serving after a client drops mid-upload', async () => {
    const url = new URL(`${agent.server.url}${base()}/ports/${JOB_PORT}/echo`)
    await new Promise<void>((resolve) => {
      const upload = httpRequest(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-length': '1000000' },
      })
      upload.on('error', () => resolve())
      upload.write('x'.repeat(1000), () => setTimeout(() => upload.destroy(), 100))
      upload.on('close', () => resolve())
    })
    const after = await agent.send(`${base()}/ports/${JOB_PORT}/echo?after=1`, bearer())
    expect(((await after.json()) as { url: string }).url).toBe('/echo?after=1')
  })

  it('hands a server told the proxy’s path each request whole, under the decimal id, and passes its redirects as written', async () => {
    wantsPath = true
    try {
      const path = `/v1/rentals/${rental}/ports/${JOB_PORT}`
      const response = await agent.send(`${path}/lab/tree?x=1&token=${token}`, bearer())
      expect(((await response.json()) as { url: string }).url).toBe(`${path}/lab/tree?x=1`)
      // Reached by its hex id, the server still sees the path it was told.
      const hex = await agent.send(`/v1/rentals/0x${rental.toString(16)}/ports/${JOB_PORT}/api`, bearer())
      expect(((await hex.json()) as { url: string }).url).toBe(`${path}/api`)
      const redirect = await fetch(`${agent.server.url}${path}/redirect`, { ...bearer(), redirect: 'manual' })
      expect(redirect.headers.get('location')).toBe('/seen')
    } finally {
      wantsPath = false
    }
  })

  it('turns a ?token= into an httpOnly cookie for the rental’s paths', async () => {
    const response = await fetch(`${agent.server.url}${base()}/ports/${JOB_PORT}/page?a=b&token=${token}`, {
      redirect: 'manual',
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`${base()}/ports/${JOB_PORT}/page?a=b`)
    const cookie = response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(
      new RegExp(
        `^weft_access=${token.replaceAll('.', '\\.')}; Path=${base()}/; Max-Age=\\d+; HttpOnly; SameSite=Lax$`,
      ),
    )
    const page = await fetch(`${agent.server.url}${base()}/ports/${JOB_PORT}/page`, {
      headers: { cookie: `weft_access=${token}` },
    })
    expect(((await page.json()) as { cookie: unknown }).cookie).toBeNull()
  })

  it('streams a response as the job writes it', async () => {
    const response = await agent.send(`${base()}/ports/${JOB_PORT}/stream`, bearer())
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toBe('first\n')
    await agent.send(`${base()}/ports/${JOB_PORT}/release`, bearer())
    let rest = ''
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += new TextDecoder().decode(chunk.value)
    expect(rest).toBe('second\n')
  })

  it('relays an upgraded connection (WebSocket-style) to the job', async () => {
    const socket = await new Promise<Duplex>((resolve, reject) => {
      const req = httpRequest(`${agent.server.url}${base()}/ports/${JOB_PORT}/ws?token=${token}`, {
        headers: { connection: 'Upgrade', upgrade: 'echo' },
      })
      req.once('upgrade', (_res, sock) => resolve(sock))
      req.once('response', (res) => reject(new Error(`status ${res.statusCode}`)))
      req.end()
    })
    socket.write('ping-through-the-proxy')
    const echoed = await new Promise<string>((resolve) =>
      socket.once('data', (d: Buffer) => resolve(d.toString())),
    )
    expect(echoed).toBe('ping-through-the-proxy')
    socket.destroy()
  })

  it('opens a terminal that runs commands, resizes, and re-attaches after a dropped socket', async () => {
    const open = (query: string) => {
      const socket = new WebSocket(wsUrl(`${base()}/terminal?token=${token}${query}`))
      const state = {
        output: '',
        control: [] as { type: string; id?: string; resumed?: boolean }[],
        close: undefined as undefined | { code: number; reason: string },
      }
      socket.on('message', (data: Buffer, isBinary) => {
        if (isBinary) state.output += data.toString('utf8')
        else state.control.push(JSON.parse(data.toString('utf8')))
      })
      socket.on('close', (code, reason) => {
        state.close = { code, reason: reason.toString() }
      })
      return { socket, state }
    }
    const first = open('&cols=90&rows=20')
    await eventually('the session id', () => first.state.control.length > 0)
    const id = first.state.control[0]?.id ?? ''
    expect(first.state.control[0]).toEqual({ type: 'session', id, resumed: false })
    first.socket.send(Buffer.from('echo hi-$((6*7)); stty size\n'))
    await eventually(
      'the echo',
      () => first.state.output.includes('hi-42') && first.state.output.includes('20 90'),
    )
    first.socket.send(JSON.stringify({ type: 'resize', cols: 120, rows: 33 }))
    first.socket.send(Buffer.from('stty size\n'))
    await eventually('the new size', () => first.state.output.includes('33 120'))
    first.socket.terminate()

    const again = open(`&session=${id}`)
    await eventually(
      'the resumed session',
      () => again.state.control.length > 0 && again.state.output.includes('hi-42'),
    )
    expect(again.state.control[0]).toEqual({ type: 'session', id, resumed: true })
    again.socket.send(Buffer.from('echo back-$((2+3))\n'))
    await eventually('the echo after re-attaching', () => again.state.output.includes('back-5'))

    const unknown = open(`&session=${'0'.repeat(32)}`)
    await eventually('the refusal', () => unknown.state.close !== undefined)
    expect(unknown.state.close?.code).toBe(4004)

    // The rental ends: the terminal says so, and nothing of it can be reached any more.
    await web.end(false)
    await eventually('the rental-ended close', () => again.state.close !== undefined)
    expect(again.state.close).toEqual({ code: 4001, reason: 'rental ended' })
    const late = await agent.send(`${base()}/ports/${JOB_PORT}/`, bearer())
    expect(late.status).toBe(409)
    expect((await errorOf(late)).message).toMatch(/not running/)
  })
})
