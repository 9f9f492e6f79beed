import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type Server } from 'node:net'
import { networkInterfaces } from 'node:os'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { containerFixture, printedValues, waitForLine } from '@/test-support/agent/container-test-support'

/**
 * The jobs' firewall against real traffic. A network namespace stands in for the world: one
 * server answering on a public address (198.51.100.2, TEST-NET-2) and a private one (10.199.77.2); the
 * host itself listens on every address. (The metadata address is the hostile-job suite's: a host
 * route for it would collide with that suite's when both run.) A job may
 * reach the public address only, and another job not at all.
 */

const run = promisify(execFile)
const fixture = containerFixture()
const ns = `weft-test-${process.pid}`
const veth = `wt${process.pid % 100_000}`
let world: ChildProcess | undefined
let host: Server | undefined
let hostPort = 0

async function ip(...args: string[]) {
  await run('ip', args)
}

beforeAll(async () => {
  await fixture.setup()
  await ip('netns', 'add', ns)
  await ip('link', 'add', `${veth}a`, 'type', 'veth', 'peer', 'name', `${veth}b`)
  await ip('link', 'set', `${veth}b`, 'netns', ns)
  await ip('addr', 'add', '198.51.100.1/24', 'dev', `${veth}a`)
  await ip('addr', 'add', '10.199.77.1/24', 'dev', `${veth}a`)
  await ip('link', 'set', `${veth}a`, 'up')
  for (const address of ['198.51.100.2/24', '10.199.77.2/24']) {
    await ip('-n', ns, 'addr', 'add', address, 'dev', `${veth}b`)
  }
  await ip('-n', ns, 'link', 'set', `${veth}b`, 'up')
  await ip('-n', ns, 'link', 'set', 'lo', 'up')
  const server = "require('net').createServer(s=>s.end('reachable\\n')).listen(8080,()=>console.log('up'))"
  world = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', server], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await once(world.stdout ?? world, 'data')
  host = createServer((socket) => socket.end('reachable\n'))
  host.listen(0, '0.0.0.0')
  await once(host, 'listening')
  const address = host.address()
  hostPort = typeof address === 'object' && address ? address.port : 0
})

afterAll(async () => {
  await fixture.cleanup()
  world?.kill('SIGKILL')
  host?.close()
  await ip('link', 'del', `${veth}a`).catch(() => undefined)
  await ip('netns', 'del', ns).catch(() => undefined)
})

/** A line `key=<what nc got>` for a connection attempt from inside the job. */
const probe = (key: string, address: string, port: number) =>
  `echo "${key}=$(nc -w 3 ${address} ${port} </dev/null 2>&1 | head -1 || true)"`

describe('the jobs network', () => {
  it('lets a job reach public addresses only: not private ranges or the host', async () => {
    const hostAddresses = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a?.address ?? '')
    expect(hostAddresses.length).toBeGreaterThan(0)
    const script = [
      probe('public', '198.51.100.2', 8080),
      probe('private', '10.199.77.2', 8080),
      `echo "gateway=$(nc -w 3 $(ip route | awk '/default/ {print $3}') ${hostPort} </dev/null 2>&1 | head -1 || true)"`,
      ...hostAddresses.map((address, i) => probe(`host${String.fromCharCode(97 + i)}`, address, hostPort)),
    ].join('\n')
    const options = fixture.options(script)
    const job = await fixture.start(options)
    expect(await job.exited).toMatchObject({ code: 0 })
    const values = await printedValues(options.jobDir)
    expect(values.get('public')).toBe('reachable')
    for (const key of [
      'private',
      'gateway',
      ...hostAddresses.map((_, i) => `host${String.fromCharCode(97 + i)}`),
    ]) {
      expect(values.get(key), key).toMatch(/refused|timed out|can't connect/i)
    }
  })

  it("keeps jobs from reaching each other's containers", async () => {
    const listener = fixture.options('echo ready; nc -l -p 9000 -e /bin/echo reachable')
    await fixture.start(listener)
    await waitForLine(listener.jobDir, 'ready')
    const format = '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}'
    const { stdout } = await run('docker', ['inspect', '--format', format, `weft-${listener.rentalId}`])
    const peer = stdout.trim()
    expect(peer).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
    const options = fixture.options(probe('peer', peer, 9000))
    const job = await fixture.start(options)
    expect(await job.exited).toMatchObject({ code: 0 })
    expect((await printedValues(options.jobDir)).get('peer')).toMatch(/refused|timed out|can't connect/i)
  })
})
