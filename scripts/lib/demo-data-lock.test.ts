import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { claimDataDir } from './demo-data-lock'

describe('claimDataDir', () => {
  const dir = () => path.join(mkdtempSync(path.join(tmpdir(), 'weft-lock-')), 'demo')

  test('records this process and releases on request', () => {
    const data = dir()
    const release = claimDataDir(data)
    expect(readFileSync(`${data}.pid`, 'utf8')).toBe(String(process.pid))
    release()
    expect(existsSync(`${data}.pid`)).toBe(false)
  })

  test('refuses a folder held by another live process, naming it', () => {
    const data = dir()
    writeFileSync(`${data}.pid`, String(process.ppid))
    expect(() => claimDataDir(data)).toThrow(`in use by process ${process.ppid}`)
  })

  test('takes over a folder whose process is gone', () => {
    const data = dir()
    // Far above any pid_max: no such process.
    writeFileSync(`${data}.pid`, '2147483646')
    const release = claimDataDir(data)
    expect(readFileSync(`${data}.pid`, 'utf8')).toBe(String(process.pid))
    release()
  })
})
