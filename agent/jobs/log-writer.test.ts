import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LogLine } from '@/lib/protocol/job-logs'
import { LogWriter, type LogWriterOptions } from './log-writer'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weft-log-writer-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const path = () => join(dir, 'log.jsonl')
const open = (options: Partial<LogWriterOptions> = {}) =>
  new LogWriter(path(), { limitBytes: 64 * 1024, lineLimitBytes: 100, redact: [], ...options })
const lines = (): LogLine[] =>
  readFileSync(path(), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l))

describe('LogWriter', () => {
  it('joins lines split across chunks, including a character split between its bytes', () => {
    const log = open()
    const bytes = Buffer.from('hé\nwor')
    log.write('stdout', bytes.subarray(0, 2)) // "h" and the first byte of "é"
    log.write('stdout', bytes.subarray(2))
    log.write('stderr', Buffer.from('err\n'))
    log.write('stdout', Buffer.from('ld\nno newline at the end'))
    log.end()
    expect(lines().map(({ seq, stream, text }) => [seq, stream, text])).toEqual([
      [0, 'stdout', 'hé'],
      [1, 'stderr', 'err'],
      [2, 'stdout', 'world'],
      [3, 'stdout', 'no newline at the end'],
    ])
  })

  it('redacts a secret split across chunks', () => {
    const log = open({ redact: ['s3cr3t-value'] })
    log.write('stdout', Buffer.from('key=s3cr'))
    log.write('stdout', Buffer.from('3t-value ok\n'))
    log.end()
    expect(lines()[0]?.text).toBe('key=[redacted] ok')
  })

  it('keeps at most a few line limits of an endless line in memory and marks it cut', () => {
    const log = open()
    for (let i = 0; i < 1000; i++) log.write('stdout', Buffer.alloc(10_000, 'z'))
    log.write('stdout', Buffer.from('\nnext\n'))
    log.end()
    const [long, next] = lines()
    expect(long?.text).toBe(`${'z'.repeat(100)} [truncated: line of 10000000 bytes]`)
    expect(next).toMatchObject({ seq: 1, text: 'next' })
  })

  it('drops output past the limit, counts it, and says so within the limit', () => {
    const limitBytes = 64 * 1024
    const log = open({ limitBytes })
    const line = Buffer.from(`${'x'.repeat(99)}\n`)
    for (let i = 0; i < 20_000; i++) log.write(i % 2 ? 'stdout' : 'stderr', line)
    log.end()
    const all = lines()
    expect(statSync(path()).size).toBeLessThanOrEqual(limitBytes)
    expect(all.map((l) => l.seq)).toEqual(all.map((_, i) => i))
    const system = all.filter((l) => l.stream === 'system').map((l) => l.text)
    expect(system[0]).toMatch(/^log limit of 65536 bytes reached/)
    const kept = all.filter((l) => l.stream !== 'system').length
    expect(system[1]).toBe(
      `${(20_000 - kept) * 100} bytes of output dropped past the log limit of 65536 bytes`,
    )
  })
})
