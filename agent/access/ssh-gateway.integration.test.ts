import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { hostname, networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitForLine } from '@/test-support/agent/container-test-support'
import { type HostCanary, startHostCanary } from '@/test-support/agent/host-canary'
import { sandboxFixture } from '@/test-support/agent/sandbox-test-support'
import { resizedTerminal, sshClients } from '@/test-support/agent/ssh-client'
import { eventually } from '@/test-support/eventually'
import { jobHostname } from '../jobs/sandbox-bwrap'
import { sandboxUnavailableReason } from '../jobs/sandbox-check'
import { readSandboxState } from '../jobs/sandbox-state'
import { loadOrCreateHostKey } from './host-key'
import type { RentalAccess } from './ssh-auth'
import { SshGateway } from './ssh-gateway'

/**
 * The SSH gateway on real sandboxed jobs (bubblewrap; root only), driven by the real OpenSSH
 * client: what a renter reaches is the job's inside, and everything else is refused.
 */
const missing = sandboxUnavailableReason()
const JOB_PORT = 7777
const JOB_SCRIPT = `echo written-by-the-job > /workspace/from-job.txt
exec /usr/bin/node -e "require('net').createServer((s) => s.end('hello from the job')).listen(${JOB_PORT}, '127.0.0.1', () => console.log('ready'))"`

describe.skipIf(missing !== undefined)('SshGateway into sandboxed jobs', () => {
  if (missing) it.skip(`skipped: ${missing}`, () => undefined)
  const fixture = sandboxFixture()
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-ssh-state-'))
  const hostKey = loadOrCreateHostKey(dataDir)
  const clients = sshClients(hostKey.publicKey)
  const rentals = new Map<bigint, RentalAccess>()
  const gateway = new SshGateway({ hostKey, runner: fixture.runner, rentals: (id) => rentals.get(id) })
  const jobs: Array<{ id: bigint; jobDir: string; key: string }> = []
  let host: HostCanary

  beforeAll(async () => {
    clients.setPort(await gateway.listen(0, '127.0.0.1'))
    for (const name of ['first', 'second']) {
      const key = clients.key(name)
      const options = fixture.options(JOB_SCRIPT)
      options.spec.sshPublicKey = key.publicKey
      await fixture.start(options)
      await waitForLine(options.jobDir, 'ready')
      rentals.set(options.rentalId, {
        rentalId: options.rentalId,
        jobDir: options.jobDir,
        publicKey: key.publicKey,
      })
      jobs.push({ id: options.rentalId, jobDir: options.jobDir, key: key.path })
    }
    host = await startHostCanary('the host')
  }, 120_000)

  afterAll(async () => {
    await gateway.close()
    host?.close()
    await fixture.cleanup()
    clients.cleanup()
    rmSync(dataDir, { recursive: true, force: true })
  }, 60_000)

  const first = () => jobs[0] as { id: bigint; jobDir: string; key: string }
  const second = () => jobs[1] as { id: bigint; jobDir: string; key: string }

  it('keeps one host key, owner-only, and shows its fingerprint as OpenSSH does', () => {
    expect(loadOrCreateHostKey(dataDir)).toEqual(hostKey)
    expect(statSync(join(dataDir, 'ssh', 'ssh_host_ed25519_key')).mode & 0o777).toBe(0o600)
    const publicFile = join(clients.dir, 'host.pub')
    writeFileSync(publicFile, `${hostKey.publicKey}\n`)
    const keygen = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicFile], { encoding: 'utf8' })
    expect(keygen.stdout.split(' ')[1]).toBe(hostKey.fingerprint)
  })

  it("runs a command inside the rental's sandbox: its host name, uid and files, not the host's", async () => {
    const { id, jobDir, key } = first()
    const uid = readSandboxState(jobDir)?.uid
    const result = await clients.ssh(
      key,
      String(id),
      [],
      'hostname; id -u; cat /etc/hostname; pwd; cat from-job.txt; for p in /work/main /root /etc/shadow ' +
        `${dataDir} ${jobDir}; do test -e "$p" && echo "visible $p"; done; head -c 14 /proc/1/cmdline; echo`,
    )
    expect(result.stderr).toBe('')
    const name = jobHostname(String(id))
    expect(result.stdout.split('\n')).toEqual([
      name,
      String(uid),
      name,
      '/workspace',
      'written-by-the-job',
      '/usr/bin/bwrap',
      '',
    ])
    expect(name).not.toBe(hostname())
    // Also by its 0x hex id, as the app may show it; and the exit status comes back.
    const hex = await clients.ssh(key, `0x${id.toString(16)}`, [], 'exit 7')
    expect(hex.code).toBe(7)
  })

  it('gives a terminal that follows the window size', async () => {
    const { id, key } = first()
    const { exitCode, output } = await resizedTerminal(clients, key, String(id))
    expect(exitCode).toBe(0)
    expect(output).toContain('40 132')
  })

  it('moves files with sftp and scp, inside the workspace only', async () => {
    const { id, jobDir, key } = first()
    const local = join(clients.dir, 'upload.txt')
    writeFileSync(local, 'sent by the renter\n')
    const down = join(clients.dir, 'down-sftp.txt')
    const sftp = await clients.sftp(key, String(id), `put ${local} uploaded.txt\nget from-job.txt ${down}\n`)
    expect(sftp.code, sftp.stderr).toBe(0)
    expect(readFileSync(join(jobDir, 'work', 'uploaded.txt'), 'utf8')).toBe('sent by the renter\n')
    expect(readFileSync(down, 'utf8')).toBe('written-by-the-job\n')
    const viaScp = join(clients.dir, 'down-scp.txt')
    const scp = await clients.scp(key, `${id}@127.0.0.1:from-job.txt`, viaScp)
    expect(scp.code, scp.stderr).toBe(0)
    expect(readFileSync(viaScp, 'utf8')).toBe('written-by-the-job\n')
    // The host's files are not there to fetch: the sandbox has no such path.
    const outside = await clients.sftp(
      key,
      String(id),
      `get /work/main/package.json ${join(clients.dir, 'x')}\n`,
    )
    expect(outside.code).not.toBe(0)
  })

  it("forwards to a port on the job's loopback, and to nothing of the host", async () => {
    const { id, key } = first()
    const job = await clients.ssh(key, String(id), ['-W', `127.0.0.1:${JOB_PORT}`])
    expect(job.stdout).toBe('hello from the job')
    const hostLoopback = await clients.ssh(key, String(id), ['-W', `127.0.0.1:${host.port}`])
    expect(hostLoopback.code).toBe(255)
    const address = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address
    if (address) {
      const hostAddress = await clients.ssh(key, String(id), ['-W', `${address}:${host.port}`])
      expect(hostAddress.code).toBe(255)
    }
    expect(host.connections).toBe(0)
  })

  it("refuses a wrong key, another rental's key and an unknown rental, saying nothing why", async () => {
    const { id, key } = first()
    const stranger = clients.key('stranger').path
    for (const [who, user] of [
      [stranger, String(id)],
      [second().key, String(id)],
      [key, String(second().id)],
      [key, '12345'],
      [key, 'root'],
    ] as const) {
      const result = await clients.ssh(who, user, [], 'true')
      expect(result.code, `${user} with ${who}`).toBe(255)
      expect(result.stderr).toMatch(/Permission denied \(publickey\)/)
    }
  })

  it('closes the open sessions of a rental that ends, and lets no one in afterwards', async () => {
    const { id, key } = second()
    const [program = 'ssh', ...args] = clients.sshArgv(key, String(id), [], 'echo started; sleep 300')
    const session = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    session.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const closed = new Promise<number | null>((resolve) => session.once('close', resolve))
    await eventually('the session', () => output.includes('started'))
    rentals.delete(id)
    gateway.endRental(id)
    expect(await closed).not.toBe(0)
    const again = await clients.ssh(key, String(id), [], 'true')
    expect(again.code).toBe(255)
    expect(again.stderr).toMatch(/Permission denied/)
  })
})
