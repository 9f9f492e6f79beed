import { chmodSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { StateStore } from './state-store'

const mode = (file: string) => statSync(file).mode & 0o777

describe('StateStore on disk', () => {
  it('keeps the data folder and state.json owner-only, also when the folder was open before', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-state-'))
    chmodSync(dataDir, 0o755)
    const store = new StateStore(dataDir, 5n)
    store.save()
    expect(mode(dataDir)).toBe(0o700)
    expect(mode(store.file)).toBe(0o600)
  })

  it('replaces the file whole and leaves no temporary file behind', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-state-'))
    const store = new StateStore(dataDir, 5n)
    store.state.lastBlock = '41'
    store.save()
    store.state.lastBlock = '42'
    store.save()
    expect(readdirSync(dataDir)).toEqual(['state.json'])
    expect(new StateStore(dataDir, 1n).state.lastBlock).toBe('42')
  })
})
