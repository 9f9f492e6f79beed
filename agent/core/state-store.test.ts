import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type RentalRecord, StateStore } from './state-store'

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

describe('StateStore timeline', () => {
  it('bounds a note, so a long upstream message cannot make the rental unreadable', () => {
    const store = new StateStore(mkdtempSync(path.join(tmpdir(), 'weft-state-')), 1n)
    const record: RentalRecord = {
      id: '7',
      offerId: '0x01',
      renter: '0x0000000000000000000000000000000000000001',
      gpuIndices: [0],
      gpuModel: 'H100-SXM-80GB',
      jobSpecHash: '0x02',
      duration: 60,
      status: 'pending',
      chain: 'pending',
      settled: false,
      timeline: [],
    }
    store.transition(record, 'pending', `the image could not be pulled: ${'x'.repeat(2000)}`)
    const note = record.timeline[0]?.note ?? ''
    expect(note.length).toBe(480)
    expect(note.endsWith('…')).toBe(true)
    expect(note.startsWith('the image could not be pulled: xxx')).toBe(true)
  })
})

describe('StateStore and files written before job specs were sealed on-chain', () => {
  it('loads rentals recorded by the delivery flow, keeping what they had and adding nothing', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-state-'))
    const old = {
      version: 1,
      lastBlock: '120',
      offers: {},
      rentals: {
        // Rented, waiting for a job spec that was to be delivered over HTTP.
        '7': {
          id: '7',
          offerId: '0x01',
          renter: '0x0000000000000000000000000000000000000001',
          gpuIndices: [0],
          gpuModel: 'H100-SXM-80GB',
          jobSpecHash: '0x02',
          duration: 60,
          status: 'pending',
          chain: 'pending',
          settled: false,
          timeline: [{ at: 1, status: 'pending', note: 'rented on-chain; waiting for the job spec' }],
        },
        // Delivered and running: its spec has no onExit, which reads as the default.
        '8': {
          id: '8',
          offerId: '0x03',
          renter: '0x0000000000000000000000000000000000000001',
          gpuIndices: [1],
          gpuModel: 'H100-SXM-80GB',
          jobSpecHash: '0x04',
          duration: 60,
          status: 'running',
          chain: 'running',
          settled: false,
          timeline: [],
          spec: { command: ['python', 'train.py'], env: {} },
          startedAt: 100,
          endsAt: 160,
        },
      },
    }
    writeFileSync(path.join(dataDir, 'state.json'), JSON.stringify(old))
    const store = new StateStore(dataDir, 1n)
    const pending = store.rental(7n)
    expect(pending).toMatchObject({ status: 'pending', chain: 'pending', jobSpecHash: '0x02' })
    expect(pending?.spec).toBeUndefined()
    expect(pending?.token).toBeUndefined()
    expect(pending?.declineReason).toBeUndefined()
    expect(store.rental(8n)?.spec).toEqual({ command: ['python', 'train.py'], env: {}, onExit: 'finish' })
  })

  it('names what is wrong in a corrupt file rather than starting empty', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-state-'))
    writeFileSync(
      path.join(dataDir, 'state.json'),
      JSON.stringify({
        version: 1,
        lastBlock: '1',
        offers: {},
        rentals: { '1': { id: '1', chain: 'exploded' } },
      }),
    )
    expect(() => new StateStore(dataDir, 1n)).toThrow(/state\.json is corrupt/)
  })
})
