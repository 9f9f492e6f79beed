import { execFile } from 'node:child_process'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { containerFixture } from '@/test-support/agent/container-test-support'
import { type HostCanary, startHostCanary } from '@/test-support/agent/host-canary'
import { errorOf, type TestAgent } from '@/test-support/agent/test-agent'
import { containerTestsUnavailableReason } from '@/test-support/agent/test-image'
import { webAccessFixture } from '@/test-support/agent/web-access-support'
import { eventually } from '@/test-support/eventually'
import { isMountPoint } from '../jobs/workspace-quota'

/**
 * The browser access plane on a real container job (Docker; root only), through the agent's real
 * HTTP server: the terminal WebSocket, the port proxy to a server the job runs on its own
 * 127.0.0.1, and the workspace's files, while the job runs and after the rental ends.
 */
const missing = containerTestsUnavailableReason()
const run = promisify(execFile)
const JOB_PORT = 7788
// Busybox only. The CGI script lives in the workspace: the container's /tmp is noexec.
const JOB_SCRIPT = `mkdir -p /workspace/outputs/sub /workspace/www/cgi-bin
echo result-bytes > /workspace/outputs/result.txt
echo hello-from-the-job > /workspace/www/index.html
printf '#!/bin/sh\\nprintf "Content-Type: text/plain\\\\r\\\\n\\\\r\\\\n"\\necho "$REQUEST_METHOD $QUERY_STRING"\\nhead -c "$CONTENT_LENGTH"\\n' > /workspace/www/cgi-bin/echo
chmod +x /workspace/www/cgi-bin/echo
httpd -p 127.0.0.1:${JOB_PORT} -h /workspace/www && echo ready; exec sleep 600`

type Listing = { entries: { name: string; size: number; dir: boolean }[] }
const names = (listing: Listing) => listing.entries.map(({ name, dir }) => ({ name, dir }))

describe.skipIf(missing !== undefined)('browser access to a container job', () => {
  if (missing) it.skip(`skipped: ${missing}`, () => undefined)
  const web = webAccessFixture(JOB_SCRIPT, 3600, containerFixture())
  const { bearer, base } = web
  let agent: TestAgent
  let token = ''
  let container = ''
  let host: HostCanary
  const send = (path: string, init = {}) => agent.send(`${base()}${path}`, { ...bearer(), ...init })
  const inContainer = async (...argv: string[]) =>
    (await run('docker', ['exec', container, ...argv])).stdout.trim()

  beforeAll(async () => {
    await web.start()
    agent = web.agent
    token = web.state.token
    container = `weft-${web.state.rental}`
    host = await startHostCanary('HTTP/1.0 200 OK\r\n\r\nthe host')
  }, 180_000)
  afterAll(async () => {
    host?.close()
    await web.cleanup()
  }, 60_000)

  it('proxies HTTP to the server on the job’s loopback, and to no port of the host', async () => {
    const listed = (await (await send('/ports')).json()) as { ports: number[] }
    expect(listed.ports).toContain(JOB_PORT)
    expect(listed.ports).not.toContain(host.port)
    const page = await send(`/ports/${JOB_PORT}/index.html`)
    expect(page.status).toBe(200)
    expect(await page.text()).toBe('hello-from-the-job\n')
    const echoed = await send(`/ports/${JOB_PORT}/cgi-bin/echo?x=1`, { method: 'POST', body: 'sent-body' })
    expect(echoed.status).toBe(200)
    expect(await echoed.text()).toBe('POST x=1\nsent-body')
    const toHost = await send(`/ports/${host.port}/`)
    expect(toHost.status).toBe(502)
    expect((await errorOf(toHost)).message).toMatch(new RegExp(`nothing answers on port ${host.port}`))
    expect(host.connections).toBe(0)
  })

  it('lists, downloads and uploads outputs inside the container', async () => {
    const listing = (await (await send('/files/outputs/')).json()) as Listing
    expect(names(listing)).toEqual([
      { name: 'result.txt', dir: false },
      { name: 'sub', dir: true },
    ])
    const download = await send('/files/outputs/result.txt')
    expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''result.txt")
    expect(await download.text()).toBe('result-bytes\n')
    const upload = await send('/files/outputs/sub/data.bin', { method: 'PUT', body: 'uploaded' })
    expect(upload.status).toBe(201)
    expect(await upload.json()).toEqual({ path: 'outputs/sub/data.bin', size: 8 })
    // Written by the job's user inside the container, where the job sees it.
    expect(await inContainer('stat', '-c', '%u %s', '/workspace/outputs/sub/data.bin')).toBe('64000 8')
    expect((await send('/files/outputs/absent.txt')).status).toBe(404)
  })

  it('opens a terminal in the container that echoes, resizes, and closes when the rental ends', async () => {
    const socket = new WebSocket(
      `${agent.server.url.replace('http', 'ws')}${base()}/terminal?token=${token}&cols=90&rows=20`,
    )
    let output = ''
    let closed: { code: number; reason: string } | undefined
    socket.on('message', (data: Buffer, isBinary) => {
      if (isBinary) output += data.toString('utf8')
    })
    socket.on('close', (code, reason) => {
      closed = { code, reason: reason.toString() }
    })
    await new Promise((resolve) => socket.once('open', resolve))
    socket.send(Buffer.from('echo hi-$((6*7)); stty size; echo "name-$(hostname)"\n'))
    const containerName = await inContainer('hostname')
    expect(containerName).not.toBe(hostname())
    await eventually(
      'the echo, size and host name',
      () => output.includes('hi-42') && output.includes('20 90') && output.includes(`name-${containerName}`),
    )
    socket.send(JSON.stringify({ type: 'resize', cols: 120, rows: 33 }))
    // The docker CLI passes a window change on to the container's terminal in its own time, so a
    // `stty size` sent at once may still see the old size: ask again until the new one shows.
    const ask = () => socket.send(Buffer.from('stty size\n'))
    ask()
    const asking = setInterval(ask, 1000)
    try {
      await eventually('the new size', () => output.includes('33 120'))
    } finally {
      clearInterval(asking)
    }
    expect((await inContainer('ps', '-o', 'args')).split('\n')).toContain('sh -l')

    await web.end(false)
    await eventually('the rental-ended close', () => closed !== undefined)
    expect(closed).toEqual({ code: 4001, reason: 'rental ended' })
    await eventually('the shell gone from the container', async () => {
      return !(await inContainer('ps', '-o', 'args')).split('\n').includes('sh -l')
    })
    const late = await send(`/ports/${JOB_PORT}/`)
    expect(late.status).toBe(409)
  })

  it('keeps the outputs readable after the job stops', async () => {
    await web.end(true)
    await eventually('the workspace unmounted', () => !isMountPoint(join(web.state.jobDir, 'work')), 30_000)
    const listing = (await (await send('/files/outputs/')).json()) as Listing
    expect(names(listing)).toEqual([
      { name: 'result.txt', dir: false },
      { name: 'sub', dir: true },
    ])
    expect(await (await send('/files/outputs/sub/data.bin')).text()).toBe('uploaded')
    expect((await send('/files/outputs/x', { method: 'PUT', body: 'late' })).status).toBe(409)
  })
})
