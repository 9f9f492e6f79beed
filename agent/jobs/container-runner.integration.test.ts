import { execFile } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  containerExists,
  containerFixture,
  printedValues,
  startSecretJob,
  waitForLine,
} from '@/test-support/agent/container-test-support'
import { waitFor } from '@/test-support/agent/job-test-helpers'
import { dialJob } from '../access/job-dialer'
import { ContainerRunner } from './container-runner'
import { processStart } from './proc-stat'
import { isMountPoint } from './workspace-quota'

const run = promisify(execFile)
const fixture = containerFixture()
beforeAll(() => fixture.setup())
afterAll(() => fixture.cleanup())

/** Every command line on the host, read the way `ps` reads them. */
function allCommandLines(): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        return [readFileSync(`/proc/${pid}/cmdline`, 'utf8')]
      } catch {
        return [] // exited meanwhile
      }
    })
}

describe.concurrent('ContainerRunner on Docker', () => {
  it('gives the job its environment without it reaching any command line, docker Args or a file left behind', async () => {
    const { secret, digest, options, job } = await startSecretJob(fixture)
    expect((await printedValues(options.jobDir)).size).toBe(0)
    const lines = readFileSync(join(options.jobDir, 'log.jsonl'), 'utf8')
    expect(lines).toContain(digest)
    expect(allCommandLines().filter((line) => line.includes(secret))).toEqual([])
    const { stdout } = await run('docker', [
      'inspect',
      '--format',
      '{{json .Args}} {{json .Path}} {{json .Config.Cmd}}',
      `weft-${options.rentalId}`,
    ])
    expect(stdout).toContain('sha256sum')
    expect(stdout).not.toContain(secret)
    expect(existsSync(join(options.jobDir, 'container.env'))).toBe(false)
    for (const name of readdirSync(options.jobDir).filter((n) => n !== 'work' && n !== 'workspace.img')) {
      expect(readFileSync(join(options.jobDir, name), 'utf8'), name).not.toContain(secret)
    }
    expect(await job.stop()).toMatchObject({ stopped: true })
  })

  it('confines the job to the rented share: CPU quota, memory without swap, processes, disk; non-root, no capabilities', async () => {
    const resources = { cpus: 0.5, memoryMiB: 256, diskMiB: 64, pids: 100 }
    const script = `
echo "cpu=$(cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us))"
echo "memory=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"
echo "swap=$(cat /sys/fs/cgroup/memory.swap.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes)"
echo "pids=$(cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max)"
echo "disk=$(df -k /workspace | tail -1 | awk '{print $2}')"
echo "nproc=$(nproc)"
echo "id=$(id -u):$(id -g)"
echo "caps=$(grep ^Cap /proc/self/status | awk '{print $2}' | sort -u | tr '\\n' ' ')"
echo "nnp=$(grep NoNewPrivs /proc/self/status | awk '{print $2}')"
echo "where=$(pwd) $HOME"
echo saved > /workspace/hello && echo "workspace=$(cat /workspace/hello)"
echo "tmp=$(echo t > /tmp/t && cat /tmp/t)"
touch /etc/x 2>/dev/null && echo root=writable || echo root=readonly
dd if=/dev/zero of=/workspace/fill bs=1M count=100 2>/dev/null; echo "fill=$? $(( $(stat -c %s /workspace/fill) / 1048576 ))"
`
    const options = fixture.options(script, { resources })
    const job = await fixture.start(options)
    expect(await job.exited).toMatchObject({ code: 0 })
    const values = await printedValues(options.jobDir)
    const [quota = 0, period = 1] = (values.get('cpu') ?? '').split(' ').map(Number)
    expect(quota / period).toBe(0.5)
    expect(values.get('memory')).toBe(String(256 * 1024 * 1024))
    // cgroup v1 counts memory+swap together (equal: no swap); v2 counts swap alone (0).
    expect(['0', String(256 * 1024 * 1024)]).toContain(values.get('swap'))
    expect(values.get('pids')).toBe('100')
    const diskKiB = Number(values.get('disk'))
    expect(diskKiB).toBeGreaterThan(0.85 * 64 * 1024)
    expect(diskKiB).toBeLessThanOrEqual(64 * 1024)
    expect(values.get('id')).toBe('64000:64000')
    expect(values.get('caps')).toBe('0000000000000000 ')
    expect(values.get('nnp')).toBe('1')
    expect(values.get('where')).toBe('/workspace /workspace')
    expect(values.get('workspace')).toBe('saved')
    expect(values.get('tmp')).toBe('t')
    expect(values.get('root')).toBe('readonly')
    const [ddStatus, writtenMiB] = (values.get('fill') ?? '').split(' ').map(Number)
    expect(ddStatus).not.toBe(0) // ENOSPC: the 100 MiB file did not fit in 64 MiB
    expect(writtenMiB).toBeLessThan(64)
    const { stdout } = await run('docker', [
      'ps',
      '--all',
      '--quiet',
      '--filter',
      `name=^weft-${options.rentalId}$`,
    ])
    expect(stdout.trim()).toBe('') // --rm, and released
    expect(isMountPoint(join(options.jobDir, 'work'))).toBe(false)
    // Unmounted, not deleted: the renter's files stay in the image file.
    expect(statSync(join(options.jobDir, 'workspace.img')).size).toBe(64 * 1024 * 1024)
  })

  it('pins a whole-core share to its own cores: nproc and the affinity inside are the cores sold', async () => {
    const script = `echo "nproc=$(nproc)"; echo "allowed=$(awk '/^Cpus_allowed_list/ {print $2}' /proc/self/status)"`
    const resources = { cpus: 1, memoryMiB: 256, diskMiB: 64, pids: 100, cpuset: [1] }
    const job = await fixture.start(fixture.options(script, { resources }))
    expect(await job.exited).toMatchObject({ code: 0 })
    const values = await printedValues(job.jobDir)
    // Core 1, not the first: a default placement could not pass by chance.
    expect(values.get('nproc')).toBe('1')
    expect(values.get('allowed')).toBe('1')
  })

  it("hands the agent sockets to the container's own loopback through its dialer, never the host's", async () => {
    const options = fixture.options(
      'while :; do echo from-container | nc -l -p 7781; done & echo ready; wait',
    )
    const job = await fixture.start(options)
    await waitForLine(options.jobDir, 'ready')
    const inside = await waitFor(() => dialJob(fixture.runner, options.jobDir, 7781))
    const greeting = await new Promise<string>((resolve) =>
      inside.once('data', (d: Buffer) => resolve(String(d))),
    )
    expect(greeting).toBe('from-container\n')
    inside.destroy()
    // A port open on the host's loopback is not the container's.
    const host = createServer((socket) => socket.end('from-host\n')).listen(0, '127.0.0.1')
    await once(host, 'listening')
    const hostPort = (host.address() as AddressInfo).port
    expect(await dialJob(fixture.runner, options.jobDir, hostPort)).toBeUndefined()
    host.close()
    await job.stop()
    expect(await dialJob(fixture.runner, options.jobDir, 7781)).toBeUndefined()
  })

  it('stops a job that ignores SIGTERM within the grace period, leaving no container and no mount', async () => {
    const options = fixture.options('trap "" TERM; echo ready; while :; do sleep 1; done', { graceMs: 1000 })
    const job = await fixture.start(options)
    await waitForLine(options.jobDir, 'ready')
    expect(isMountPoint(join(options.jobDir, 'work'))).toBe(true)
    const began = Date.now()
    expect(await job.stop()).toMatchObject({ stopped: true })
    // docker stop's grace (1 s) and the CLI's round trips; far less than the 10 s force-kill slack.
    expect(Date.now() - began).toBeLessThan(1000 + 5000)
    expect(await containerExists(options.rentalId)).toBe(false)
    expect(isMountPoint(join(options.jobDir, 'work'))).toBe(false)
  })

  it('reattaches from a new runner after the launching one is gone, and stops the container', async () => {
    const options = fixture.options('echo ready; sleep 600')
    const first = await fixture.start(options)
    await waitForLine(options.jobDir, 'ready')
    const job = new ContainerRunner().reattach(options.jobDir)
    expect(job?.supervisorPid).toBe(first.supervisorPid)
    expect(await job?.stop()).toMatchObject({ stopped: true })
    expect(await containerExists(options.rentalId)).toBe(false)
    expect(isMountPoint(join(options.jobDir, 'work'))).toBe(false)
  })

  it('removes the container and unmounts the workspace of a job whose supervisor died', async () => {
    const options = fixture.options('echo ready; sleep 600')
    const job = await fixture.start(options)
    await waitForLine(options.jobDir, 'ready')
    process.kill(job.supervisorPid, 'SIGKILL')
    await waitFor(() => processStart(job.supervisorPid) === undefined)
    expect(new ContainerRunner().reattach(options.jobDir)).toBeUndefined()
    await waitFor(async () => !(await containerExists(options.rentalId)), 30_000)
    await waitFor(() => !isMountPoint(join(options.jobDir, 'work')), 30_000)
  })

  it('refuses an image that cannot be pulled in prepare, saying so, and starts nothing', async () => {
    const options = fixture.options('echo never')
    options.spec.image = 'weft-test/no-such-image:0'
    await expect(fixture.runner.prepare(options)).rejects.toThrow(
      /^the image weft-test\/no-such-image:0 could not be pulled: .+/,
    )
    expect(await containerExists(options.rentalId)).toBe(false)
    expect(existsSync(join(options.jobDir, 'workspace.img'))).toBe(false)
    expect(existsSync(join(options.jobDir, 'job.json'))).toBe(false)
  })

  it('refuses in prepare a share larger than Docker can give, before anything is created', async () => {
    const options = fixture.options('echo never', {
      resources: { cpus: 4096, memoryMiB: 256, diskMiB: 64, pids: 100 },
    })
    await expect(fixture.runner.prepare(options)).rejects.toThrow(/^this host cannot give 4096 CPUs/)
    expect(existsSync(join(options.jobDir, 'workspace.img'))).toBe(false)
  })
})
