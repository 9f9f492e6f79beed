import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  burnCpuScript,
  connectScript,
  field,
  fillDiskScript,
  forkBombScript,
  memoryScript,
  processesWith,
  readSecretsScript,
  signalScript,
  surviveStopScript,
  worldTargets,
  writeOutsideScript,
} from '@/test-support/agent/attack-catalogue'
import { createHostileHost, type HostileHost, readBanner } from '@/test-support/agent/hostile-host'
import { isolatingRunners } from '@/test-support/agent/isolating-runners'
import { jobFixture, readAllLines, TEST_RESOURCES, waitFor } from '@/test-support/agent/job-test-helpers'
import type { JobResources, JobRunner, RunningJob } from './runner'

/**
 * Jobs written by an attacker, run by every isolating runner this host has (test-support/agent/
 * isolating-runners.ts). Each asserts the concrete outcome: the secret was not obtained, the
 * process is gone, the limit holds at what the offer sold; and that the agent stand-in and the
 * other rental's job keep running.
 */
let rentalIds = 700_000n + BigInt(process.pid % 1000) * 100n
const GRACE_MS = 2000

for (const entry of isolatingRunners) {
  const missing = entry.missing()
  describe.skipIf(missing !== undefined)(
    `hostile jobs under the ${entry.name} runner`,
    { timeout: 120_000 },
    () => {
      if (missing) it.skip(`skipped: ${missing}`, () => undefined)
      const fixture = jobFixture()
      let host: HostileHost
      let runner: JobRunner
      let dispose: () => void = () => undefined
      let victim: { job: RunningJob; jobDir: string; secret: string; marker: string }

      const start = async (
        script: string,
        resources: JobResources = TEST_RESOURCES,
        env: Record<string, string> = {},
      ) => {
        const jobDir = fixture.dir()
        const options = {
          rentalId: rentalIds++,
          spec: entry.shellJob(script, env),
          gpuIndices: [0],
          resources,
          jobDir,
          redact: [],
          graceMs: GRACE_MS,
        }
        await runner.prepare(options)
        return { job: fixture.track(await runner.start(options)), jobDir }
      }
      const run = async (script: string, resources?: JobResources) => {
        const { job, jobDir } = await start(script, resources)
        const exit = await job.exited
        return { exit, lines: (await readAllLines(jobDir)).map((l) => l.text), jobDir }
      }

      beforeAll(async () => {
        host = await createHostileHost()
        const created = entry.create()
        runner = created.runner
        dispose = created.dispose
        // Another renter's job, running beside every attack: its workspace and environment hold a secret.
        const secret = `renter-secret-${Date.now()}`
        const marker = `victim-${process.pid}`
        const started = await start(
          `echo ${secret} > /workspace/secret.txt; while :; do sleep 1; done # ${marker}`,
          TEST_RESOURCES,
          { RENTER_SECRET: secret },
        )
        victim = { ...started, secret, marker }
        await waitFor(() => processesWith(marker).length > 0)
        // Another suite on this host may hold the test world (hostile-host.ts) for a while.
      }, 660_000)
      afterAll(async () => {
        await fixture.cleanup()
        dispose()
        await host?.dispose()
      })
      afterEach(() => {
        expect(host.agentAlive()).toBe(true)
        expect(processesWith(victim.marker).length).toBeGreaterThan(0)
      })

      it('cannot read the agent key (config, state.json, /proc/<agent>/environ), nor another rental workspace or environment', async () => {
        const victimPids = processesWith(victim.marker)
        const paths = [
          host.configFile,
          host.stateFile,
          host.dataDir,
          join(victim.jobDir, 'work', 'secret.txt'),
          join(victim.jobDir, 'job.json'),
          `/proc/${host.agentPid}/environ`,
        ]
        const { lines } = await run(readSecretsScript(paths, [host.agentPid, ...victimPids]))
        expect(lines).toContain('DONE')
        const text = lines.join('\n')
        // The method works: the job reads its own environment, so a foreign one would show up too.
        expect(lines.some((l) => l.startsWith('GOT environ') && l.includes('WEFT_RENTAL_ID='))).toBe(true)
        for (const secret of [host.providerKey, host.stateSecret, victim.secret])
          expect(text).not.toContain(secret)
      })

      it('cannot write outside its workspace', async () => {
        const marker = `written-${Date.now()}`
        const { lines } = await run(
          writeOutsideScript(marker, [host.dataDir, join(victim.jobDir, 'work'), '/tmp']),
        )
        expect(lines).toContain('TRY write /workspace: wrote')
        for (const dir of ['/', '/usr', '/usr/bin', '/etc', '/bin', host.dataDir]) {
          expect(lines).not.toContain(`TRY write ${dir}: wrote`)
          expect(existsSync(join(dir, marker))).toBe(false)
        }
        expect(existsSync(join(victim.jobDir, 'work', marker))).toBe(false)
        expect(existsSync(join('/tmp', marker))).toBe(false)
      })

      it('cannot signal or kill the agent or another job', async () => {
        const victimPids = processesWith(victim.marker)
        const { lines } = await run(signalScript([host.agentPid, ...victimPids, process.pid]))
        expect(lines).toContain('DONE')
        expect(host.agentAlive()).toBe(true)
        expect(processesWith(victim.marker)).toEqual(victimPids)
      })

      it('does not survive stop by ignoring SIGTERM, setsid, double fork or nohup', async () => {
        const marker = `survivor-${Date.now()}`
        const { job, jobDir } = await start(surviveStopScript(marker))
        await waitFor(async () => (await readAllLines(jobDir)).some((l) => l.text === 'READY'))
        await waitFor(() => processesWith(`${marker}-`).length >= 3)
        const stopAt = Date.now()
        const exit = await job.stop()
        expect(exit.stopped).toBe(true)
        expect(Date.now() - stopAt).toBeLessThan(GRACE_MS + 10_000)
        expect(processesWith(marker)).toEqual([])
      })

      it('a fork bomb stops at the pids limit, and the host can still start processes', async () => {
        const marker = `forkbomb-${Date.now()}`
        const resources = { ...TEST_RESOURCES, pids: 40 }
        const { job, jobDir } = await start(forkBombScript(marker, 400), resources)
        await waitFor(
          async () => (await readAllLines(jobDir)).some((l) => l.text.startsWith('BOMB-ENDED')),
          60_000,
        )
        // The bomb shell died of a refused fork; what it started is still held.
        const lines = (await readAllLines(jobDir)).map((l) => l.text)
        expect(lines).toContain('BOMB-ENDED 2')
        expect(lines.some((l) => l.startsWith('BOMB-ALL'))).toBe(false)
        const count = processesWith(marker).length
        expect(count).toBeGreaterThan(5)
        expect(count).toBeLessThanOrEqual(resources.pids)
        expect(spawnSync('true').status).toBe(0)
        await job.stop()
        expect(processesWith(marker)).toEqual([])
      })

      it('memory past its share is OOM-killed while an allocation within it succeeds', async () => {
        const { lines } = await run(memoryScript(24, 160), { ...TEST_RESOURCES, memoryMiB: 96 })
        expect(field(lines, 'SMALL')).toBe('0')
        expect(field(lines, 'BIG')).toBe('137')
      })

      it('filling the disk past its share fails with ENOSPC; df shows the share', async () => {
        const diskMiB = 64
        const { lines } = await run(fillDiskScript(diskMiB + 40), { ...TEST_RESOURCES, diskMiB })
        const dfKiB = Number(field(lines, 'DF'))
        expect(dfKiB).toBeLessThanOrEqual(diskMiB * 1024)
        expect(dfKiB).toBeGreaterThan(diskMiB * 1024 * 0.75)
        expect(field(lines, 'DD')).toMatch(/No space left on device/)
        expect(Number(field(lines, 'FILE'))).toBeLessThanOrEqual(diskMiB * 1024 * 1024)
      })

      it('two busy processes get no more CPU time than the share sold', async () => {
        const seconds = 4
        const { lines } = await run(burnCpuScript(seconds), { ...TEST_RESOURCES, cpus: 0.25 })
        // `times` prints the children's user and system time, e.g. "0m0.95s 0m0.01s".
        const used = (field(lines, 'TIMES') ?? '').split(' ').map((t) => {
          const m = /^(\d+)m([\d.]+)s$/.exec(t)
          return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN
        })
        const total = (used[0] ?? Number.NaN) + (used[1] ?? Number.NaN)
        expect(total).toBeGreaterThan(0.2)
        // 0.25 of a core for about `seconds` (+1 for date's granularity), with slack for accounting.
        expect(total).toBeLessThan(0.25 * (seconds + 1) * 1.5)
      })

      it('reaches a public address but not the host loopback, PostgreSQL, the host addresses, metadata or private ranges', async () => {
        const { port, banners } = host.world
        // Control: the host itself reaches every listener, so a refusal below is the sandbox's doing.
        expect(await readBanner('203.0.113.7', port)).toBe(banners.public)
        expect(await readBanner('169.254.169.254', port)).toBe(banners.metadata)
        expect(await readBanner('127.0.0.1', host.loopback.port)).toBe(host.loopback.banner)
        const blocked = ['metadata', 'private10', 'private172', 'private192', 'shared100'] as const
        const targets = [
          ...worldTargets(port, ['public', ...blocked]),
          { name: 'loopback', host: '127.0.0.1', port: host.loopback.port },
          { name: 'gateway-loopback', host: '10.0.2.2', port: host.loopback.port },
          { name: 'postgres', host: '127.0.0.1', port: 5432 },
          { name: 'gateway-postgres', host: '10.0.2.2', port: 5432 },
          ...host.hostAddresses.map((address) => ({
            name: `host-${address}`,
            host: address,
            port: host.anyInterface.port,
          })),
        ]
        const { lines } = await run(connectScript(targets))
        expect(lines).toContain('DONE')
        expect(field(lines, 'TRY public:')).toBe(banners.public)
        const text = lines.join('\n')
        for (const name of blocked) expect(text).not.toContain(banners[name])
        expect(text).not.toContain(host.loopback.banner)
        expect(text).not.toContain(host.anyInterface.banner)
        // PostgreSQL sends nothing first: a connection shows as an empty answer rather than an error.
        for (const name of ['postgres', 'gateway-postgres'])
          expect(field(lines, `TRY ${name}:`)).toMatch(/refused|timed out|unreachable|No route/i)
      })

      it('the workspace is its own: owned by the job, closed to others', () => {
        const info = statSync(join(victim.jobDir, 'work'))
        expect(info.uid).not.toBe(0)
        expect(info.uid).not.toBe(process.getuid?.())
        expect(info.mode & 0o077).toBe(0)
      })
    },
  )
}
