import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server, Socket } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { childEnv } from '@/agent/jobs/job-files'
import { processStart } from '@/agent/jobs/proc-stat'

/**
 * The provider's host as a hostile job sees it: an agent stand-in holding the provider's key in
 * its environment, a data folder with the key in its config and a state.json, a service on the
 * host's loopback, one on all the host's interfaces, and a network namespace (`ip netns` + veth)
 * standing in for the outside world, with listeners on a public address and on private, shared
 * and metadata addresses routed from the host. Each listener answers with its own secret banner,
 * so reaching it is proven by the banner, not guessed from an error.
 */
export type HostileHost = Awaited<ReturnType<typeof createHostileHost>>

const WORLD_PORT = 18_080
/** The outside world's addresses, all routed from the host through the veth. */
export const WORLD_ADDRESSES = {
  public: '203.0.113.7',
  metadata: '169.254.169.254',
  private10: '10.213.0.2',
  private172: '172.31.213.2',
  private192: '192.168.213.2',
  shared100: '100.64.213.2',
} as const
export type WorldName = keyof typeof WORLD_ADDRESSES

const secret = (label: string) => `${label}-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`

function sh(argv: string[]): void {
  const [program = '', ...args] = argv
  const result = spawnSync(program, args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${argv.join(' ')}: ${result.stderr}`)
}

async function bannerServer(host: string, banner: string): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.end(`${banner}\n`))
  server.listen(0, host)
  await once(server, 'listening')
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { server, port: address.port }
}

/** What a TCP client on the host reads from host:port within 3 s ('' when nothing). */
export async function readBanner(host: string, port: number): Promise<string> {
  const socket = new Socket()
  let text = ''
  socket.on('data', (chunk) => {
    text += chunk.toString()
  })
  socket.on('error', () => undefined)
  socket.setTimeout(3000, () => socket.destroy())
  socket.connect(port, host)
  await Promise.race([once(socket, 'close'), new Promise((r) => setTimeout(r, 3500))])
  socket.destroy()
  return text.trim()
}

export async function createHostileHost() {
  const dir = mkdtempSync(join(tmpdir(), 'weft-hostile-'))
  const dataDir = join(dir, 'data')
  const providerKey = `0x${secret('providerkey').padEnd(64, '7')}`
  const stateSecret = secret('state')
  sh(['mkdir', '-p', join(dataDir, 'jobs')])
  const configFile = join(dataDir, 'agent.json')
  writeFileSync(configFile, JSON.stringify({ providerKey }), { mode: 0o600 })
  const stateFile = join(dataDir, 'state.json')
  writeFileSync(stateFile, JSON.stringify({ rentals: [{ id: 1, note: stateSecret }] }), { mode: 0o600 })

  // The agent stand-in: its environment holds the key, as the real agent's may.
  const agent: ChildProcess = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
    env: childEnv({ WEFT_PROVIDER_KEY: providerKey, PATH: '/usr/bin:/bin' }),
    stdio: 'ignore',
  })
  const agentPid = agent.pid ?? 0

  const loopbackBanner = secret('loopback')
  const loopback = await bannerServer('127.0.0.1', loopbackBanner)
  const anyBanner = secret('hostany')
  const anyInterface = await bannerServer('0.0.0.0', anyBanner)
  const hostAddresses = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => a.address)

  const world = await createWorld()
  return {
    dir,
    dataDir,
    configFile,
    stateFile,
    providerKey,
    stateSecret,
    agentPid,
    loopback: { port: loopback.port, banner: loopbackBanner },
    anyInterface: { port: anyInterface.port, banner: anyBanner },
    hostAddresses,
    world,
    agentAlive: () => agent.exitCode === null && agent.signalCode === null,
    async dispose() {
      agent.kill('SIGKILL')
      loopback.server.close()
      anyInterface.server.close()
      world.dispose()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const WORLD_LOCK = '/run/weft-hostile-world.lock'

/**
 * The world's addresses are host-wide routes (the metadata address has only one value), so two
 * suites on one host take turns: the lock is a directory naming its holder, taken over when the
 * holder is gone.
 */
async function lockWorld(timeoutMs = 600_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      mkdirSync(WORLD_LOCK)
      writeFileSync(join(WORLD_LOCK, 'pid'), String(process.pid))
      return () => rmSync(WORLD_LOCK, { recursive: true, force: true })
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error
    }
    let holder = Number.NaN
    try {
      holder = Number(readFileSync(join(WORLD_LOCK, 'pid'), 'utf8'))
    } catch {
      // being written or removed
    }
    if (Number.isInteger(holder) && processStart(holder) === undefined)
      rmSync(WORLD_LOCK, { recursive: true, force: true })
    if (Date.now() > deadline) throw new Error(`${WORLD_LOCK} was held by pid ${holder} for ${timeoutMs} ms`)
    await sleep(500)
  }
}

/** The outside world: a namespace behind a veth, listeners on each of WORLD_ADDRESSES. */
async function createWorld() {
  const unlock = await lockWorld()
  const ns = `weft-world-${process.pid}`
  const hostSide = `wwh${process.pid % 100_000}`
  const banners = Object.fromEntries(Object.keys(WORLD_ADDRESSES).map((k) => [k, secret(k)])) as Record<
    WorldName,
    string
  >
  let listener: ChildProcess | undefined
  const dispose = () => {
    listener?.kill('SIGKILL')
    spawnSync('ip', ['netns', 'delete', ns])
    spawnSync('ip', ['link', 'delete', hostSide])
    unlock()
  }
  try {
    sh(['ip', 'netns', 'add', ns])
    sh(['ip', 'link', 'add', hostSide, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns])
    sh(['ip', 'addr', 'add', '10.213.0.1/24', 'dev', hostSide])
    sh(['ip', 'link', 'set', hostSide, 'up'])
    sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up'])
    sh(['ip', '-n', ns, 'link', 'set', 'eth0', 'up'])
    for (const address of Object.values(WORLD_ADDRESSES)) {
      sh([
        'ip',
        '-n',
        ns,
        'addr',
        'add',
        `${address}/${address === WORLD_ADDRESSES.private10 ? 24 : 32}`,
        'dev',
        'eth0',
      ])
      if (address !== WORLD_ADDRESSES.private10)
        sh(['ip', 'route', 'add', `${address}/32`, 'via', '10.213.0.2'])
    }
    sh(['ip', '-n', ns, 'route', 'add', 'default', 'via', '10.213.0.1'])
    // One listener for all addresses, answering with the banner of the address it was reached on.
    const byAddress = Object.fromEntries(
      (Object.keys(WORLD_ADDRESSES) as WorldName[]).map((k) => [WORLD_ADDRESSES[k], banners[k]]),
    )
    const script = `const b=${JSON.stringify(byAddress)};require('net').createServer(s=>s.end((b[s.localAddress]||'?')+'\\n')).listen(${WORLD_PORT},'0.0.0.0',()=>console.log('up'))`
    listener = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    if (listener.stdout) await once(listener.stdout, 'data')
  } catch (error) {
    dispose()
    throw error
  }
  return { ns, port: WORLD_PORT, banners, dispose }
}
