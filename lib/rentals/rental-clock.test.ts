import { describe, expect, it } from 'vitest'
import type { RentalView } from '@/lib/market/rental-view'
import { depositPaid, describeStatus, rentalClock } from './rental-clock'
import { factsFromChain, factsFromView, mergeFacts } from './rental-facts'
import type { AgentJob } from './rental-schemas'

const START = Date.parse('2027-01-01T10:00:00Z')

const view = (over: Partial<RentalView> = {}): RentalView => ({
  id: '1',
  renter: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  provider: '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
  offerId: `0x${'1'.repeat(64)}`,
  token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  gpuModel: 'H100-SXM-80GB',
  gpuCount: 1,
  vramMiB: 81920,
  status: 'running',
  pricePerHour: '2390000', // 2.39 USDC an hour
  duration: 3600,
  deposit: '2390000',
  accrued: '0',
  paid: '0',
  refunded: '0',
  compensation: '0',
  declineReason: null,
  settledBy: null,
  createdAt: new Date(START - 3000).toISOString(),
  startedAt: new Date(START).toISOString(),
  endsAt: new Date(START + 3600_000).toISOString(),
  closedAt: null,
  secondsLeft: null,
  jobSpecHash: `0x${'2'.repeat(64)}`,
  sealedSpecBytes: 412,
  rentedTx: `0x${'3'.repeat(64)}`,
  ...over,
})

const job = (over: Partial<AgentJob> = {}): AgentJob => ({
  status: 'running',
  timeline: [],
  jobDelivered: true,
  gpuIndices: [0],
  ...over,
})

describe('rental clock', () => {
  it('counts a running rental down and charges by the second with the contract’s rounding', () => {
    const clock = rentalClock(factsFromView(view()), START + 600_500)
    expect(clock.elapsed).toBe(600)
    expect(clock.secondsLeft).toBe(3000)
    // floor(2,390,000 × 600 / 3600) = 398,333 units; the rest of the deposit comes back on stop.
    expect(clock.costSoFar).toBe(398_333n)
    expect(clock.refundOnStop).toBe(2_390_000n - 398_333n)
    expect(clock.over).toBe(false)
  })

  it('stops charging at the end and offers no stop once the time is used up', () => {
    const clock = rentalClock(factsFromView(view()), START + 4000_000)
    expect(clock).toMatchObject({ elapsed: 3600, secondsLeft: 0, over: true, costSoFar: 2_390_000n })
    expect(clock.refundOnStop).toBeNull()
    expect(describeStatus(factsFromView(view()), clock, job()).label).toBe('Ended')
  })

  it('charges nothing before start and keeps a stopped rental’s cost fixed', () => {
    const pending = factsFromView(view({ status: 'pending', startedAt: null, endsAt: null }))
    expect(rentalClock(pending, START + 60_000)).toMatchObject({ costSoFar: 0n, secondsLeft: null })
    const stopped = factsFromView(view({ status: 'stopped', duration: 600, deposit: '398333' }))
    expect(rentalClock(stopped, START + 9_000_000)).toMatchObject({ costSoFar: 398_333n, secondsLeft: null })
  })

  it('counts the deposit paid in, whether the rental was stopped or cancelled', () => {
    const stopped = view({ status: 'stopped', duration: 600, deposit: '398333', refunded: '1991667' })
    expect(depositPaid(factsFromView(stopped))).toBe(2_390_000n)
    const cancelled = view({ status: 'cancelled', startedAt: null, endsAt: null, refunded: '2390000' })
    expect(depositPaid(factsFromView(cancelled))).toBe(2_390_000n)
  })
})

describe('rental status from index, chain and agent', () => {
  it('says running as soon as the agent has started the job, before the index has seen the start', () => {
    const indexed = factsFromView(view({ status: 'pending', startedAt: null, endsAt: null }))
    const facts = mergeFacts([indexed], job({ startedAt: START, endsAt: START + 3600_000 }))
    expect(facts?.status).toBe('running')
    const clock = rentalClock(facts ?? indexed, START + 2000)
    expect(describeStatus(facts ?? indexed, clock, job()).label).toBe('Running')
    expect(clock.secondsLeft).toBe(3598)
    // Pay accrues from the start transaction, even while the agent is still launching the process.
    expect(describeStatus(facts ?? indexed, clock, job({ status: 'starting' }))).toMatchObject({
      label: 'Running',
      note: 'Started on-chain; the job is launching.',
    })
  })

  it('prefers the chain’s longer duration after an extend the index has not caught up with', () => {
    const indexed = factsFromView(view())
    const chain = factsFromChain(
      {
        renter: indexed.renter,
        provider: indexed.provider,
        token: indexed.token,
        pricePerHour: '2390000',
        createdAt: 0,
        startedAt: START / 1000,
        endsAt: START / 1000 + 7200,
        duration: 7200,
        maxDuration: 7200,
        paidSeconds: 0,
        deposit: '4780000',
        paid: '0',
        status: 2,
        settled: false,
      },
      view(),
    )
    const facts = mergeFacts([indexed, chain], job())
    expect(facts).toMatchObject({ duration: 7200, deposit: 4_780_000n, gpuModel: 'H100-SXM-80GB' })
    // Only the chain knows the offer's longest duration; the index's picture borrows it.
    expect(indexed.maxDuration).toBeNull()
    expect(mergeFacts([indexed, { ...chain, duration: 10 }], null)).toMatchObject({
      duration: 3600,
      maxDuration: 7200,
    })
    expect(mergeFacts([chain, factsFromView(view({ status: 'stopped', duration: 10 }))], null)?.status).toBe(
      'stopped',
    )
  })

  it('tells the renter a finished job still costs money until stopped', () => {
    const facts = factsFromView(view())
    const clock = rentalClock(facts, START + 60_000)
    expect(describeStatus(facts, clock, job({ status: 'succeeded' }))).toMatchObject({
      label: 'Job finished',
      tone: 'warning',
    })
    expect(describeStatus(facts, clock, job({ status: 'failed', exitCode: 3 })).note).toContain('exit code 3')
  })

  it('says a pending rental waits for the provider, whose job spec came with the rent', () => {
    const facts = factsFromView(view({ status: 'pending', startedAt: null, endsAt: null }))
    const clock = rentalClock(facts, START)
    expect(describeStatus(facts, clock, job({ status: 'pending', jobDelivered: false })).label).toBe(
      'Pending',
    )
    expect(describeStatus(facts, clock, null).label).toBe('Pending')
  })
})

describe('how a rental ended, with its amounts', () => {
  const RENTER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
  const STRANGER = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
  const unstarted = { startedAt: null, endsAt: null } as const

  it('gives the decline’s reason and the whole deposit refunded at once', () => {
    const facts = factsFromView(
      view({ ...unstarted, status: 'declined', declineReason: 1, refunded: '2390000' }),
    )
    const status = describeStatus(facts, rentalClock(facts, START), null)
    expect(status).toEqual({
      label: 'Declined',
      tone: 'warning',
      note: 'The provider could not decrypt the job spec sealed in the rent transaction. The whole deposit, 2.39 USDC, was refunded at once.',
    })
    expect(depositPaid(facts)).toBe(2_390_000n)
  })

  it('bills an early finish for the seconds the job ran and refunds the rest', () => {
    // 90 s at 2.39 USDC/h: floor(2,390,000 × 90 / 3600) = 59,750; 2,330,250 back.
    const finished = view({ status: 'finished', duration: 90, deposit: '59750', refunded: '2330250' })
    const facts = factsFromView(finished)
    const clock = rentalClock(facts, START + 9_000_000)
    expect(clock).toMatchObject({ elapsed: 90, costSoFar: 59_750n, over: true, refundOnStop: null })
    expect(describeStatus(facts, clock, job({ status: 'succeeded' })).note).toBe(
      'The provider finished the rental because the job ended: billed 90 seconds = 0.05975 USDC, refunded 2.33025 USDC.',
    )
    expect(depositPaid(facts)).toBe(2_390_000n)
  })

  it('says who settled a no-show, from the viewer’s side, with the compensation', () => {
    const noShow = (settledBy: `0x${string}`) =>
      factsFromView(
        view({ ...unstarted, status: 'no-show', settledBy, refunded: '2390000', compensation: '2390000' }),
      )
    const note = (settledBy: `0x${string}`, role: 'renter' | 'provider') => {
      const facts = noShow(settledBy)
      return describeStatus(facts, rentalClock(facts, START), null, role).note
    }
    expect(note(RENTER, 'renter')).toBe(
      'The provider neither started nor declined it within its start window. Settled by you: the deposit, 2.39 USDC, was refunded with 2.39 USDC compensation from the provider’s stake.',
    )
    expect(note(RENTER, 'provider')).toContain('Settled by the renter:')
    expect(note(STRANGER, 'renter')).toContain('Settled by another account (0x90F7…b906):')
  })

  it('trusts the chain’s decline before the index has seen it: the whole deposit came back', () => {
    const pending = view({ ...unstarted, status: 'pending' })
    const chain = factsFromChain(
      {
        renter: RENTER,
        provider: pending.provider as `0x${string}`,
        token: pending.token as `0x${string}`,
        pricePerHour: '2390000',
        createdAt: START / 1000,
        startedAt: 0,
        endsAt: 0,
        duration: 3600,
        maxDuration: 7200,
        paidSeconds: 0,
        deposit: '2390000',
        paid: '0',
        status: 7,
        settled: false,
      },
      pending,
    )
    const facts = mergeFacts([factsFromView(pending), chain], null)
    expect(facts).toMatchObject({ status: 'declined', refunded: 2_390_000n, declineReason: null })
    expect(facts && describeStatus(facts, rentalClock(facts, START), null).note).toContain(
      'The provider declined the rental. The whole deposit, 2.39 USDC, was refunded at once.',
    )
  })
})
