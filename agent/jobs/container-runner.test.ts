import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AgentError } from '../core/agent-api'
import { ContainerRunner, dockerRunArgs, dockerStopArgs } from './container-runner'
import { jobFixture, PROCESS_TEST, readAllLines, waitFor } from './job-test-helpers'
import { processStart } from './proc-stat'

const fixture = jobFixture()
afterAll(() => fixture.cleanup())
const limits = { cpus: 8, memoryMiB: 65_536, pidsLimit: 4096 }
const noImage = new AgentError(
  'invalid',
  'this provider runs jobs in containers: the job spec must name an image',
)

describe('dockerRunArgs', () => {
  it('builds the exact docker run argv: confined, the rented GPUs only, image and command last', () => {
    const args = dockerRunArgs({
      rentalId: 42n,
      image: 'ghcr.io/acme/train:1.2',
      command: ['python', 'train.py', '--epochs', '3'],
      env: { MODEL: 'llama 3', NVIDIA_VISIBLE_DEVICES: 'all', WEFT_RENTAL_ID: '1', EMPTY: '' },
      gpuIndices: [0, 1],
      limits,
    })
    // biome-ignore format: one flag and its value per group reads better
    expect(args).toEqual([
      'docker', 'run', '--rm', '--name', 'weft-42',
      '--gpus', '"device=0,1"',
      '--cpus', '8', '--memory', '65536m', '--pids-limit', '4096',
      '--security-opt', 'no-new-privileges', '--cap-drop', 'ALL', '--read-only', '--tmpfs', '/tmp',
      '--network', 'bridge',
      '-e', 'WEFT_RENTAL_ID=42', '-e', 'MODEL=llama 3', '-e', 'EMPTY=',
      'ghcr.io/acme/train:1.2', 'python', 'train.py', '--epochs', '3',
    ])
    for (const forbidden of [
      '--privileged',
      '-v',
      '--volume',
      '--mount',
      '--network=host',
      'host',
      '--pid',
    ]) {
      expect(args).not.toContain(forbidden)
    }
  })

  it('refuses a spec without an image, and nonsensical limits', () => {
    const input = { rentalId: 1n, command: ['x'], env: {}, gpuIndices: [0], limits }
    expect(() => dockerRunArgs(input)).toThrow(noImage)
    expect(() => dockerRunArgs({ ...input, image: 'a', limits: { ...limits, cpus: 0 } })).toThrow(
      /limits must be positive/,
    )
  })

  it('stops through docker stop with the grace in seconds, then docker kill', () => {
    expect(dockerStopArgs(7n, 1500, '/usr/bin/docker')).toEqual({
      stopArgv: ['/usr/bin/docker', 'stop', '-t', '2', 'weft-7'],
      killArgv: ['/usr/bin/docker', 'kill', 'weft-7'],
      removeArgv: ['/usr/bin/docker', 'rm', '-f', 'weft-7'],
    })
  })
})

/** A stand-in docker CLI: records its calls; `run` prints, then ignores SIGTERM as a busy container might. */
function fakeDocker(): { docker: string; calls: () => string[]; dockerEnv: Record<string, string> } {
  const dir = fixture.dir()
  const docker = join(dir, 'docker')
  const log = join(dir, 'calls')
  const script = `#!/bin/sh
echo "$*" >> "$CALLS"
if [ "$1" = run ]; then trap 'echo "run: got TERM"' TERM; echo "container up"; while :; do sleep 0.05; done; fi
`
  writeFileSync(docker, script, { mode: 0o755 })
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [])
  return { docker, calls, dockerEnv: { CALLS: log } }
}

describe.concurrent('ContainerRunner', PROCESS_TEST, () => {
  const spec = { image: 'alpine:3.20', command: ['echo', 'hi'], env: { A: 'b' } }

  it('refuses a spec without an image before touching the disk', async () => {
    const jobDir = join(fixture.dir(), 'job')
    const runner = new ContainerRunner({ limits })
    const start = runner.start({
      rentalId: 1n,
      spec: { command: ['x'], env: {} },
      gpuIndices: [0],
      jobDir,
      redact: [],
    })
    await expect(start).rejects.toThrow(noImage)
    expect(existsSync(jobDir)).toBe(false)
  })

  it('runs docker run under the supervisor and stops it with docker stop, then docker kill', async () => {
    const { docker, calls, dockerEnv } = fakeDocker()
    const jobDir = fixture.dir()
    const runner = new ContainerRunner({ limits, docker, dockerEnv })
    const options = { rentalId: 7n, spec, gpuIndices: [3], jobDir, redact: [], graceMs: 1000 }
    const job = fixture.track(await runner.start(options))
    await waitFor(async () => (await readAllLines(jobDir)).some((l) => l.text === 'container up'))
    expect(await job.stop()).toMatchObject({ signal: 'SIGKILL', stopped: true })
    const expectedRun = dockerRunArgs({ ...spec, rentalId: 7n, gpuIndices: [3], limits })
      .slice(1)
      .join(' ')
    expect(calls()).toEqual([expectedRun, 'stop -t 1 weft-7', 'kill weft-7'])
  })

  it('removes the container of a job whose supervisor died', async () => {
    const { docker, calls, dockerEnv } = fakeDocker()
    const jobDir = fixture.dir()
    const options = { rentalId: 8n, spec, gpuIndices: [0], jobDir, redact: [] }
    const job = await new ContainerRunner({ limits, docker, dockerEnv }).start(options)
    await waitFor(async () => (await readAllLines(jobDir)).some((l) => l.text === 'container up'))
    process.kill(job.supervisorPid, 'SIGKILL')
    await waitFor(() => processStart(job.supervisorPid) === undefined)
    expect(new ContainerRunner({ limits, docker, dockerEnv }).reattach(jobDir)).toBeUndefined()
    await waitFor(() => calls().includes('rm -f weft-8'))
    await waitFor(() => processStart(job.pid) === undefined)
  })
})
