import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pty from '@lydell/node-pty'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { containerFixture, waitForLine } from '@/test-support/agent/container-test-support'
import { type HostCanary, startHostCanary } from '@/test-support/agent/host-canary'
import { resizedTerminal, sshClients } from '@/test-support/agent/ssh-client'
import {
  containerTestsUnavailableReason,
  ensureTestImage,
  sftpServerUnavailableReason,
} from '@/test-support/agent/test-image'
import { eventually } from '@/test-support/eventually'
import { JOB_UID } from '../jobs/container-args'
import { NO_SFTP_SERVER } from '../jobs/job-exec'
import { loadOrCreateHostKey } from './host-key'
import type { RentalAccess } from './ssh-auth'
import { SshGateway } from './ssh-gateway'

/**
 * The SSH gateway on real container jobs (Docker; root only), driven by the real OpenSSH client:
 * what a renter reaches is the container's inside (docker exec, and a relay in its network
 * namespace), and nothing of the host.
 */
const missing = containerTestsUnavailableReason()
const noSftpServer = sftpServerUnavailableReason()
const run = promisify(execFile)
const JOB_PORT = 7777
// Busybox only: httpd binds 127.0.0.1 before it goes to the background, so `ready` follows it.
const JOB_SCRIPT = `echo written-by-the-job > /workspace/from-job.txt
mkdir -p /tmp/www && echo hello-from-the-job > /tmp/www/index.html
httpd -p 127.0.0.1:${JOB_PORT} -h /tmp/www && echo ready; exec sleep 600`

type Job = { id: bigint; jobDir: string; key: string; container: string }

/** The processes running in a container, as `ps` inside it lists them (pid and command line). */
async function containerProcesses(container: string): Promise<string[]> {
  const { stdout } = await run('docker', ['exec', container, 'ps', '-o', 'pid,args'])
  return stdout.trim().split('\n').slice(1)
}

describe.skipIf(missing !== undefined)('SshGateway into container jobs', () => {
  if (missing) it.skip(`skipped: ${missing}`, () => undefined)
  const fixture = containerFixture()
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-ssh-state-'))
  const hostKey = loadOrCreateHostKey(dataDir)
  const clients = sshClients(hostKey.publicKey)
  const rentals = new Map<bigint, RentalAccess>()
  const gateway = new SshGateway({ hostKey, runner: fixture.runner, rentals: (id) => rentals.get(id) })
  const jobs: Job[] = []
  let host: HostCanary

  /** Starts a job on `image` that the key `name` may reach. */
  async function startJob(name: string, image?: string): Promise<Job> {
    const key = clients.key(name)
    const options = fixture.options(JOB_SCRIPT)
    if (image) options.spec.image = image
    options.spec.sshPublicKey = key.publicKey
    await fixture.start(options)
    await waitForLine(options.jobDir, 'ready')
    const { rentalId: id, jobDir } = options
    rentals.set(id, { rentalId: id, jobDir, publicKey: key.publicKey })
    return { id, jobDir, key: key.path, container: `weft-${id}` }
  }

  beforeAll(async () => {
    await fixture.setup()
    clients.setPort(await gateway.listen(0, '127.0.0.1'))
    jobs.push(await startJob('first'), await startJob('second'))
    host = await startHostCanary('the host')
  }, 180_000)

  afterAll(async () => {
    await gateway.close()
    host?.close()
    await fixture.cleanup()
    clients.cleanup()
    rmSync(dataDir, { recursive: true, force: true })
  }, 60_000)

  const first = () => jobs[0] as Job
  const second = () => jobs[1] as Job

  it("runs a command inside the rental's container: its host name, user and files, not the host's", async () => {
    const { id, jobDir, key, container } = first()
    const result = await clients.ssh(
      key,
      String(id),
      [],
      'hostname; id -u; pwd; cat from-job.txt; for p in /work/main /etc/shadow /usr/bin/docker ' +
        `${dataDir} ${jobDir}; do test -e "$p" && echo "visible $p"; done; tr "\\0" " " </proc/1/cmdline; echo`,
    )
    expect(result.stderr).toBe('')
    const { stdout: inspected } = await run('docker', [
      'inspect',
      '--format',
      '{{.Config.Hostname}}',
      container,
    ])
    expect(inspected.trim()).not.toBe(hostname())
    expect(result.stdout.split('\n')).toEqual([
      inspected.trim(),
      String(JOB_UID),
      '/workspace',
      'written-by-the-job',
      'sleep 600 ',
      '',
    ])
    const hex = await clients.ssh(key, `0x${id.toString(16)}`, [], 'exit 7')
    expect(hex.code).toBe(7)
  })

  it('gives a terminal that follows the window size', async () => {
    const { id, key } = first()
    const { exitCode, output } = await resizedTerminal(clients, key, String(id))
    expect(exitCode).toBe(0)
    expect(output).toContain('40 132')
  })

  it.skipIf(noSftpServer !== undefined)(
    'moves files with sftp and scp, inside the container only',
    async () => {
      const { id, jobDir, key } = first()
      const local = join(clients.dir, 'upload.txt')
      writeFileSync(local, 'sent by the renter\n')
      const down = join(clients.dir, 'down-sftp.txt')
      const sftp = await clients.sftp(
        key,
        String(id),
        `put ${local} uploaded.txt\nget from-job.txt ${down}\n`,
      )
      expect(sftp.code, sftp.stderr).toBe(0)
      expect(readFileSync(join(jobDir, 'work', 'uploaded.txt'), 'utf8')).toBe('sent by the renter\n')
      expect(readFileSync(down, 'utf8')).toBe('written-by-the-job\n')
      const viaScp = join(clients.dir, 'down-scp.txt')
      const scp = await clients.scp(key, `${id}@127.0.0.1:from-job.txt`, viaScp)
      expect(scp.code, scp.stderr).toBe(0)
      expect(readFileSync(viaScp, 'utf8')).toBe('written-by-the-job\n')
      // The host's files are not there to fetch: the container has no such path.
      const outside = await clients.sftp(
        key,
        String(id),
        `get /work/main/package.json ${join(clients.dir, 'x')}\n`,
      )
      expect(outside.code).not.toBe(0)
      expect(outside.stderr).toMatch(/not found|No such file/)
    },
  )

  it('says plainly that sftp and scp need an sftp-server when the image has none', async () => {
    const bare = await startJob('bare', ensureTestImage({ sftp: false }))
    const sftp = await clients.sftp(bare.key, String(bare.id), 'ls\n')
    expect(sftp.code).not.toBe(0)
    expect(sftp.stderr).toContain(NO_SFTP_SERVER)
    const scp = await clients.scp(bare.key, `${bare.id}@127.0.0.1:from-job.txt`, join(clients.dir, 'y'))
    expect(scp.code).not.toBe(0)
    expect(scp.stderr).toContain(NO_SFTP_SERVER)
  })

  it("forwards to a port on the container's loopback, and to nothing of the host", async () => {
    const { id, key } = first()
    const request = 'GET /index.html HTTP/1.0\r\n\r\n'
    const job = await clients.ssh(key, String(id), ['-W', `127.0.0.1:${JOB_PORT}`], undefined, request)
    expect(job.stdout).toMatch(/^HTTP\/1\.[01] 200 OK/)
    expect(job.stdout).toContain('hello-from-the-job')
    // The host's loopback is not the container's; and nothing but the loopback is forwarded.
    const hostLoopback = await clients.ssh(key, String(id), ['-W', `127.0.0.1:${host.port}`])
    expect(hostLoopback.code).toBe(255)
    const { stdout: gatewayIp } = await run('docker', [
      'network',
      'inspect',
      '--format',
      '{{(index .IPAM.Config 0).Gateway}}',
      'weft-jobs',
    ])
    for (const address of [gatewayIp.trim(), '0.0.0.0', 'host.docker.internal']) {
      const result = await clients.ssh(key, String(id), ['-W', `${address}:${host.port}`])
      expect(result.code, address).toBe(255)
    }
    expect(host.connections).toBe(0)
  })

  it('closes the open sessions of a rental that ends, leaving nothing running in the container', async () => {
    const { id, key, container } = second()
    const [program = 'ssh', ...args] = clients.sshArgv(key, String(id), [], 'echo started; sleep 301')
    const session = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    session.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const closed = new Promise<number | null>((resolve) => session.once('close', resolve))
    const [terminalProgram = 'ssh', ...terminalArgs] = clients.sshArgv(
      key,
      String(id),
      ['-tt'],
      'echo started; sleep 302',
    )
    const terminal = pty.spawn(terminalProgram, terminalArgs, {
      cols: 80,
      rows: 24,
      env: { PATH: '/usr/bin:/bin' },
    })
    const terminalClosed = new Promise<number>((resolve) =>
      terminal.onExit(({ exitCode }) => resolve(exitCode)),
    )
    await eventually('the session', () => output.includes('started'))
    await eventually('both sleeps in the container', async () => {
      const processes = (await containerProcesses(container)).join('\n')
      return processes.includes('sleep 301') && processes.includes('sleep 302')
    })
    rentals.delete(id)
    gateway.endRental(id)
    expect(await closed).not.toBe(0)
    expect(await terminalClosed).not.toBe(0)
    await eventually('the sleeps gone from the container', async () => {
      const processes = (await containerProcesses(container)).join('\n')
      return !processes.includes('sleep 301') && !processes.includes('sleep 302')
    })
    const again = await clients.ssh(key, String(id), [], 'true')
    expect(again.code).toBe(255)
    expect(again.stderr).toMatch(/Permission denied/)
  })
})
