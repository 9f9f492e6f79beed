import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { containerExecPlan } from './container-exec'
import { programArgv } from './job-exec'
import { writeJobFile } from './job-files'

/** The `docker exec` argv of a container job's exec plan (container-exec.ts), without Docker. */
const jobDir = mkdtempSync(join(tmpdir(), 'weft-container-exec-'))
writeJobFile(jobDir, 'job.json', {
  version: 1,
  rentalId: '42',
  argv: ['docker', 'start', '--attach', 'weft-42'],
  env: {},
  cwd: jobDir,
  graceMs: 1000,
  logLimitBytes: 1024 * 1024,
  lineLimitBytes: 4096,
})
afterAll(() => rmSync(jobDir, { recursive: true, force: true }))

const marker = (argv: readonly string[]) => argv.find((a) => a.startsWith('WEFT_EXEC_ID='))

describe('containerExecPlan', () => {
  it('runs the program in the job’s container on pipes, marked with a marker of its own', () => {
    const program = { kind: 'command', command: 'echo hi' } as const
    const plan = containerExecPlan({ docker: '/usr/bin/docker' }, jobDir, { program })
    const again = containerExecPlan({}, jobDir, { program })
    expect(plan?.argv).toEqual([
      '/usr/bin/docker',
      'exec',
      '-i',
      '--env',
      marker(plan?.argv ?? []),
      'weft-42',
      ...programArgv(program),
    ])
    expect(marker(plan?.argv ?? [])).toMatch(/^WEFT_EXEC_ID=[0-9a-f]{32}$/)
    expect(marker(again?.argv ?? [])).not.toBe(marker(plan?.argv ?? []))
    expect(plan?.cwd).toBe(jobDir)
    expect(typeof plan?.killDetached).toBe('function')
  })

  it('sets the terminal’s type and size before the program starts', () => {
    const tty = { term: 'xterm-256color', size: { cols: 132, rows: 40 } }
    const plan = containerExecPlan({}, jobDir, { program: { kind: 'shell' }, tty })
    const argv = plan?.argv ?? []
    expect(argv.slice(0, 3)).toEqual(['docker', 'exec', '-i'])
    expect(argv.slice(5)).toEqual([
      '-t',
      '--env',
      'TERM=xterm-256color',
      'weft-42',
      '/bin/sh',
      '-c',
      'stty rows "$1" cols "$2" 2>/dev/null; shift 2; exec "$@"',
      'weft-exec',
      '40',
      '132',
      ...programArgv({ kind: 'shell' }),
    ])
  })

  it('gives no plan for a job dir without a started job', () => {
    const empty = mkdtempSync(join(tmpdir(), 'weft-container-exec-'))
    try {
      expect(containerExecPlan({}, empty, { program: { kind: 'shell' } })).toBeUndefined()
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })
})
