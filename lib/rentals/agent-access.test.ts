import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it, vi } from 'vitest'
import { NonceCache } from '@/lib/agent-auth/nonce-cache'
import { canonicalAgentRequest, verifyAgentRequest } from '@/lib/agent-auth/request-signing'
import {
  agentBase,
  listOutputs,
  listPorts,
  outputDownloadUrl,
  portPageUrl,
  readAgentHealth,
  requestAccessToken,
  sshCommand,
  terminalUrl,
  uploadFile,
} from './agent-access'
import { AgentAccessError } from './agent-access-errors'

const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const endpoint = 'https://gpu-1.example.com:8443/'
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('requestAccessToken', () => {
  it('signs the exact request the agent verifies, with the scheme of lib/agent-auth', async () => {
    const now = 1_767_225_600_000
    const signed: string[] = []
    const signer = {
      address: account.address,
      signMessage: (args: { message: string }) => {
        signed.push(args.message)
        return account.signMessage(args)
      },
    }
    const fetchMock = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      json({ token: 'wat1.a.b', expiresAt: 1_767_226_200, scopes: ['terminal', 'ports', 'files'] }, 201),
    )
    const token = await requestAccessToken({ endpoint, id: '42', signer, fetch: fetchMock, now })
    expect(token.token).toBe('wat1.a.b')

    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url).toBe('https://gpu-1.example.com:8443/v1/rentals/42/access-token')
    const headers = new Headers(init?.headers)
    const body = String(init?.body)
    expect(JSON.parse(body)).toEqual({ scopes: ['terminal', 'ports', 'files'], ttlSeconds: 600 })
    expect(signed).toEqual([
      canonicalAgentRequest({
        origin: 'https://gpu-1.example.com:8443',
        method: 'POST',
        path: '/v1/rentals/42/access-token',
        timestamp: now / 1000,
        nonce: headers.get('x-weft-nonce') ?? '',
        body,
      }),
    ])
    const verdict = await verifyAgentRequest({
      origin: 'https://gpu-1.example.com:8443',
      method: 'POST',
      url: String(url),
      headers,
      body,
      nonces: new NonceCache({ windowSeconds: 60 }),
      now,
    })
    expect(verdict).toEqual({ ok: true, address: account.address })
  })

  it('names the refusal in the agent’s words', async () => {
    const fetchMock = async () => json({ error: { code: 'forbidden', message: 'renters only' } }, 403)
    await expect(
      requestAccessToken({ endpoint, id: '42', signer: account, fetch: fetchMock }),
    ).rejects.toThrow(/only the rental’s renter may open it \(renters only\)/)
  })

  it('says the agent could not be reached, naming it', async () => {
    const fetchMock = async () => {
      throw new TypeError('Failed to fetch')
    }
    const failure = requestAccessToken({ endpoint, id: '42', signer: account, fetch: fetchMock })
    await expect(failure).rejects.toMatchObject({ kind: 'unreachable' })
    await expect(failure).rejects.toThrow('https://gpu-1.example.com:8443 could not be reached')
  })

  it('refuses an answer in the wrong shape', async () => {
    const fetchMock = async () => json({ token: 5 })
    await expect(
      requestAccessToken({ endpoint, id: '42', signer: account, fetch: fetchMock }),
    ).rejects.toMatchObject({
      kind: 'bad_answer',
    })
  })
})

describe('addresses', () => {
  it('keeps an endpoint’s path prefix and drops trailing slashes', () => {
    expect(agentBase('http://10.0.0.5:7000/agent//')).toBe('http://10.0.0.5:7000/agent')
    expect(() => agentBase('ftp://x')).toThrow(/not an http\(s\) URL/)
    expect(() => agentBase('gpu-1')).toThrow(/not a URL/)
  })

  it('builds the terminal’s WebSocket address with the size and the session', () => {
    const url = new URL(
      terminalUrl(endpoint, '42', 'wat1.x.y', { cols: 120, rows: 40, session: 'ab'.repeat(16) }),
    )
    expect(url.protocol).toBe('wss:')
    expect(url.pathname).toBe('/v1/rentals/42/terminal')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      token: 'wat1.x.y',
      cols: '120',
      rows: '40',
      session: 'ab'.repeat(16),
    })
    expect(terminalUrl('http://127.0.0.1:7000', '1', 't')).toBe(
      'ws://127.0.0.1:7000/v1/rentals/1/terminal?token=t',
    )
  })

  it('opens a port with the token in the query, and refuses non-ports', () => {
    expect(portPageUrl(endpoint, '42', 8888, 'wat1.x.y')).toBe(
      'https://gpu-1.example.com:8443/v1/rentals/42/ports/8888/?token=wat1.x.y',
    )
    expect(() => portPageUrl(endpoint, '42', 70_000, 't')).toThrow('Not a TCP port: 70000')
  })

  it('encodes download paths and refuses dot segments', () => {
    expect(outputDownloadUrl(endpoint, '42', 'run 1/model#2.pt', 't')).toBe(
      'https://gpu-1.example.com:8443/v1/rentals/42/files/outputs/run%201/model%232.pt?token=t',
    )
    expect(() => outputDownloadUrl(endpoint, '42', '../secret', 't')).toThrow(AgentAccessError)
    expect(() => terminalUrl(endpoint, '0x2a', 't')).toThrow('Not a rental id')
  })
})

describe('token-bearing calls', () => {
  it('lists ports with the token as a bearer', async () => {
    const fetchMock = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      json({ ports: [8000, 8888] }),
    )
    expect(await listPorts(endpoint, '42', 'wat1.x.y', fetchMock)).toEqual([8000, 8888])
    expect(new Headers(fetchMock.mock.calls[0]?.[1]?.headers).get('authorization')).toBe('Bearer wat1.x.y')
  })

  it('says the rental ended on 409, and names a refused token on 401', async () => {
    const ended = async () => json({ error: { code: 'conflict', message: 'rental 42 is not running' } }, 409)
    await expect(listPorts(endpoint, '42', 't', ended)).rejects.toMatchObject({ kind: 'ended' })
    const refused = async () =>
      json({ error: { code: 'unauthorized', message: 'the access token has expired' } }, 401)
    await expect(listOutputs(endpoint, '42', 't', '', refused)).rejects.toThrow(
      'The provider’s agent refused the outputs listing: the access token has expired.',
    )
  })

  it('lists a folder of outputs and uploads into the workspace', async () => {
    const fetchMock = vi.fn(async (_url: string | URL | Request, init?: RequestInit) =>
      init?.method === 'PUT'
        ? json({ path: 'data/in.csv', size: 3 }, 201)
        : json({ path: 'outputs/run/', entries: [{ name: 'a.txt', size: 1, mtime: 1, dir: false }] }),
    )
    const listing = await listOutputs(endpoint, '42', 't', 'run', fetchMock)
    expect(listing.entries[0]?.name).toBe('a.txt')
    expect(fetchMock.mock.calls[0]?.[0]).toBe(
      'https://gpu-1.example.com:8443/v1/rentals/42/files/outputs/run/',
    )
    expect(await uploadFile(endpoint, '42', 't', 'data/in.csv', new Blob(['a,b']), fetchMock)).toEqual({
      path: 'data/in.csv',
      size: 3,
    })
    expect(fetchMock.mock.calls[1]?.[0]).toBe(
      'https://gpu-1.example.com:8443/v1/rentals/42/files/data/in.csv',
    )
    const full = async () => json({ error: { code: 'payload_too_large', message: 'quota' } }, 413)
    await expect(uploadFile(endpoint, '42', 't', 'x', new Blob(['a']), full)).rejects.toMatchObject({
      kind: 'too_large',
    })
  })
})

describe('SSH', () => {
  it('writes the command with the agent’s host', () => {
    expect(sshCommand(endpoint, '42', 2222)).toBe('ssh -p 2222 42@gpu-1.example.com')
    expect(sshCommand('http://[2001:db8::1]:7000', '7', 22)).toBe('ssh -p 22 7@2001:db8::1')
  })

  it('reads the fingerprint from an unhealthy agent’s 503 too', async () => {
    const report = {
      ok: false,
      version: '1.0.0',
      provider: account.address,
      chainId: 31337,
      market: account.address,
      gpus: 1,
      freeGpus: 0,
      runningJobs: 1,
      chainReachable: false,
      startedAt: 1,
      ssh: { port: 2222, hostKeyFingerprint: `SHA256:${'A'.repeat(43)}` },
    }
    const health = await readAgentHealth(endpoint, async () => json(report, 503))
    expect(health.ssh?.port).toBe(2222)
  })
})
