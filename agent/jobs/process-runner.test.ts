import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobSpec } from '@/lib/jobs/job-spec'
import {
  jobFixture,
  nodeJob,
  PROCESS_TEST,
  readAllLines,
  TEST_RESOURCES,
} from '@/test-support/agent/job-test-helpers'
import { AgentError } from '../core/agent-api'
import { ProcessRunner } from './process-runner'
import { JobStartError } from './runner'

const PROVIDER_KEY = `0xsecret${'9f'.repeat(28)}`
/** A real-looking private key: redacted also without its 0x and in capitals. */
const HEX_KEY = `0x${'c0ffee'.repeat(10)}abcd`
const AGENT_TOKEN = 'agent-only-token-5f1d'
const fixture = jobFixture()
const runner = new ProcessRunner()
const base = { rentalId: 42n, gpuIndices: [2, 3], redact: [] as string[], resources: TEST_RESOURCES }

beforeAll(() => {
  process.env.WEFT_PROVIDER_KEY = PROVIDER_KEY
})
afterAll(async () => {
  delete process.env.WEFT_PROVIDER_KEY
  await fixture.cleanup()
})

// Concurrent: the time goes into starting real supervisors, which overlap well.
describe.concurrent('ProcessRunner', PROCESS_TEST, () => {
  it('logs stdout in order with seq from 0, marks stderr, strips escapes, and records the exit code', async () => {
    const jobDir = fixture.dir()
    const script = String.raw`
      for (let i = 0; i < 300; i++) console.log('line ' + i)
      console.error('to stderr')
      process.stdout.write('\x1b[1;32mgreen\x1b[0m\tdone\x07\r\n\x1b]0;pwned\x07title gone\n\x00nul\x1b[2Kcleared\n')
      // Not process.exit(3): writes to a full pipe are queued, and exit() would drop them.
      process.exitCode = 3`
    const job = fixture.track(await runner.start({ ...base, spec: nodeJob(script), jobDir }))
    expect(await job.exited).toEqual({ code: 3, signal: null, stopped: false })
    const lines = await readAllLines(jobDir)
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i))
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual([
      ...Array.from({ length: 300 }, (_, i) => `line ${i}`),
      'green\tdone',
      'title gone',
      'nulcleared',
    ])
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['to stderr'])
    expect(lines.at(-1)).toMatchObject({ stream: 'system', text: 'the job exited with code 3' })
    // A job dir holds one job, ever: starting it again is refused, whatever the outcome was.
    await expect(runner.start({ ...base, spec: nodeJob(script), jobDir })).rejects.toThrow(JobStartError)
  })

  it("gives the job its GPUs and none of the agent's environment, and redacts secrets it prints", async () => {
    const jobDir = fixture.dir()
    const script = `
      console.log(JSON.stringify(Object.keys(process.env).sort()))
      console.log('gpus=' + process.env.CUDA_VISIBLE_DEVICES + ' nv=' + process.env.NVIDIA_VISIBLE_DEVICES)
      console.log('home=' + process.env.HOME + ' cwd=' + process.cwd() + ' rental=' + process.env.WEFT_RENTAL_ID)
      console.log('leak: ${PROVIDER_KEY} and ${HEX_KEY.slice(2).toUpperCase()}')
      console.log('agent key seen by job: ' + process.env.WEFT_PROVIDER_KEY)`
    // The spec cannot widen its GPUs through its own environment.
    const spec = nodeJob(script, { MODEL: 'llama', CUDA_VISIBLE_DEVICES: '0,1,2,3' })
    const job = fixture.track(
      await runner.start({ ...base, spec, jobDir, redact: [PROVIDER_KEY, HEX_KEY, AGENT_TOKEN] }),
    )
    expect((await job.exited).code).toBe(0)
    const texts = (await readAllLines(jobDir)).map((l) => l.text)
    expect(JSON.parse(texts[0] ?? '')).toEqual([
      'CUDA_VISIBLE_DEVICES',
      'HOME',
      'LANG',
      'MODEL',
      'NVIDIA_VISIBLE_DEVICES',
      'PATH',
      'WEFT_RENTAL_ID',
    ])
    expect(texts[1]).toBe('gpus=2,3 nv=2,3')
    const work = join(jobDir, 'work')
    expect(texts[2]).toBe(`home=${work} cwd=${work} rental=42`)
    expect(texts[3]).toBe('leak: [redacted] and [redacted]')
    expect(texts[4]).toBe('agent key seen by job: undefined')
    // The redaction list reaches the supervisor on stdin, never the job dir the job can read.
    for (const name of ['job.json', 'supervisor.json', 'log.jsonl']) {
      expect(readFileSync(join(jobDir, name), 'utf8')).not.toContain(AGENT_TOKEN)
    }
    expect(statSync(join(jobDir, 'job.json')).mode & 0o077).toBe(0)
  })

  it('refuses an invalid start, and reports a program that cannot start', async () => {
    await expect(
      runner.start({ ...base, spec: nodeJob('1'), gpuIndices: [], jobDir: fixture.dir() }),
    ).rejects.toThrow(new AgentError('invalid', 'a job needs at least one GPU'))
    await expect(
      runner.start({ ...base, spec: { command: [], env: {}, onExit: 'finish' }, jobDir: fixture.dir() }),
    ).rejects.toThrow(new AgentError('invalid', 'job spec is invalid: command must name a program'))
    const missing: JobSpec = { command: ['/nonexistent/program'], env: {}, onExit: 'finish' }
    const failedDir = fixture.dir()
    await expect(runner.start({ ...base, spec: missing, jobDir: failedDir })).rejects.toThrow(
      /could not start \/nonexistent\/program: spawn \/nonexistent\/program ENOENT/,
    )
    expect((await readAllLines(failedDir)).map((l) => l.text)).toEqual([
      'could not start /nonexistent/program: spawn /nonexistent/program ENOENT',
    ])
  })
})
