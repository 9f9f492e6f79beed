import { describe, expect, it } from 'vitest'
import { DeclineReason, RentalStatus } from '@/lib/chain/rental-status'
import { chainStateOf, holdsGpus, refusal } from './rental-state'
import { finishDue } from './settlement'
import type { RentalRecord } from './state-store'

const record = (over: Partial<RentalRecord>): RentalRecord => ({
  id: '1',
  offerId: '0x01',
  renter: '0x0000000000000000000000000000000000000001',
  gpuIndices: [0],
  gpuModel: 'H100-SXM-80GB',
  jobSpecHash: '0x02',
  duration: 3600,
  status: 'running',
  chain: 'running',
  settled: false,
  timeline: [],
  spec: { command: ['x'], env: {}, onExit: 'finish' },
  startedAt: 1000,
  endsAt: 4600,
  ...over,
})

describe('which rentals hold their GPUs', () => {
  it('a pending or running rental does; one being declined does not, even while the chain has it pending', () => {
    expect(holdsGpus(record({ status: 'pending', chain: 'pending' }), 2000)).toBe(true)
    expect(holdsGpus(record({}), 2000)).toBe(true)
    expect(holdsGpus(record({ status: 'cancelled', chain: 'pending', declineReason: 3 }), 2000)).toBe(false)
  })

  it("a job that ended with onExit 'keep' still does until the rental's end; after it, nothing does", () => {
    const kept = record({ status: 'succeeded', spec: { command: ['x'], env: {}, onExit: 'keep' } })
    expect(holdsGpus(kept, 2000)).toBe(true)
    expect(holdsGpus(kept, 4600)).toBe(false)
    expect(holdsGpus(record({ status: 'stopped', chain: 'stopped' }), 2000)).toBe(false)
    expect(holdsGpus(record({ status: 'succeeded', chain: 'finished' }), 2000)).toBe(false)
  })
})

describe('when a rental is finished on-chain', () => {
  it('when its job ended on its own before the paid time, whatever the exit code', () => {
    expect(finishDue(record({ status: 'succeeded' }), 2000)).toBe(true)
    expect(finishDue(record({ status: 'failed' }), 2000)).toBe(true)
  })

  it('never while the job runs, after the end, once stopped or finished, or when the spec keeps the machine', () => {
    expect(finishDue(record({ status: 'running' }), 2000)).toBe(false)
    expect(finishDue(record({ status: 'succeeded' }), 4600)).toBe(false)
    expect(finishDue(record({ status: 'stopped', chain: 'stopped' }), 2000)).toBe(false)
    expect(finishDue(record({ status: 'succeeded', chain: 'finished' }), 2000)).toBe(false)
    const keep = record({ status: 'succeeded', spec: { command: ['x'], env: {}, onExit: 'keep' } })
    expect(finishDue(keep, 2000)).toBe(false)
    // An interactive machine (no command) is never finished early, whatever onExit says.
    const interactive = record({ status: 'failed', spec: { env: {}, onExit: 'finish' } })
    expect(finishDue(interactive, 2000)).toBe(false)
  })
})

describe('chain states', () => {
  it("map getRental's status codes, unknown codes included", () => {
    expect(chainStateOf(RentalStatus.Pending)).toBe('pending')
    expect(chainStateOf(RentalStatus.Declined)).toBe('declined')
    expect(chainStateOf(RentalStatus.Finished)).toBe('finished')
    expect(chainStateOf(RentalStatus.NoShow)).toBe('noshow')
    expect(chainStateOf(RentalStatus.None)).toBe('unknown')
    expect(chainStateOf(42)).toBe('unknown')
  })
})

describe('which new rentals are declined, and why', () => {
  const spec = { command: ['x'], env: {}, onExit: 'finish' as const }
  const fresh = record({ id: '9', gpuIndices: [0, 1], status: 'pending', chain: 'pending' })
  const ok = { ok: true as const, spec }

  it('a spec that does not open (1) or is not a job spec (2), saying what the opener said', () => {
    const unreadable = { ok: false as const, problem: 'unreadable' as const, message: 'does not decrypt' }
    expect(refusal(fresh, unreadable, [], 2000)).toEqual({
      reason: DeclineReason.SpecUnreadable,
      why: 'the job spec cannot be read: does not decrypt',
    })
    const invalid = { ok: false as const, problem: 'invalid' as const, message: 'command: too short' }
    expect(refusal(fresh, invalid, [], 2000)?.reason).toBe(DeclineReason.SpecInvalid)
  })

  it('GPUs another rental holds (3), but not those of one being declined or one that has ended', () => {
    const holder = record({ id: '1', gpuIndices: [1], status: 'pending', chain: 'pending' })
    expect(refusal(fresh, ok, [holder, fresh], 2000)?.reason).toBe(DeclineReason.GpusBusy)
    const declining = { ...holder, status: 'cancelled' as const, declineReason: 1 }
    expect(refusal(fresh, ok, [declining, fresh], 2000)).toBeUndefined()
    const ended = record({ id: '1', gpuIndices: [1], status: 'stopped', chain: 'stopped' })
    expect(refusal(fresh, ok, [ended, fresh], 2000)).toBeUndefined()
    const elsewhere = record({ id: '1', gpuIndices: [2] })
    expect(refusal(fresh, ok, [elsewhere, fresh], 2000)).toBeUndefined()
  })

  it('an offer this agent has no record of (0)', () => {
    expect(refusal({ ...fresh, gpuIndices: [] }, ok, [], 2000)?.reason).toBe(DeclineReason.Unspecified)
  })
})
