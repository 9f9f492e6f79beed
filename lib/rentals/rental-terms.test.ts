import { describe, expect, it } from 'vitest'
import { rentalClock } from './rental-clock'
import type { RentalFacts } from './rental-facts'
import { availableActions, quoteCancel, quoteExtension, quoteNoShow } from './rental-terms'

const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const T0 = Date.parse('2027-01-01T10:00:00Z')

const facts = (over: Partial<RentalFacts> = {}): RentalFacts => ({
  status: 'running',
  renter: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  provider: '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
  token: TOKEN,
  pricePerHour: 2_390_000n,
  duration: 3600,
  maxDuration: 3 * 3600,
  deposit: 2_390_000n,
  paid: 0n,
  refunded: 0n,
  compensation: 0n,
  declineReason: null,
  settledBy: null,
  createdAtMs: T0 - 5000,
  startedAtMs: T0,
  endsAtMs: T0 + 3600_000,
  gpuModel: 'H100-SXM-80GB',
  gpuCount: 1,
  ...over,
})

describe('what the renter can do', () => {
  it('stops and extends a running rental, cancels only a pending one', () => {
    const running = facts()
    expect(availableActions(running, rentalClock(running, T0 + 1000))).toEqual({
      stop: true,
      extend: true,
      cancel: false,
    })
    const pending = facts({ status: 'pending', startedAtMs: null, endsAtMs: null })
    expect(availableActions(pending, rentalClock(pending, T0))).toEqual({
      stop: false,
      extend: true,
      cancel: true,
    })
    expect(availableActions(running, rentalClock(running, T0 + 3600_000))).toEqual({
      stop: false,
      extend: false,
      cancel: false,
    })
  })
})

describe('extension quotes', () => {
  it('charges the contract’s difference of rounded costs', () => {
    // floor(2,390,000 × 5400 / 3600) − 2,390,000 = 1,195,000
    expect(quoteExtension(facts(), '0.5')).toEqual({ ok: true, seconds: 1800, amount: 1_195_000n })
    // 1 s at an odd price: the difference of floors, not the floor of the difference.
    const odd = facts({ pricePerHour: 1000n, duration: 1 })
    expect(quoteExtension(odd, '1')).toEqual({ ok: true, seconds: 3600, amount: 1000n })
  })

  it('refuses what the offer or the form cannot take, with a sentence', () => {
    expect(quoteExtension(facts(), '3')).toEqual({
      ok: false,
      message: 'This offer allows at most 2 h more.',
    })
    expect(quoteExtension(facts(), 'abc').ok).toBe(false)
    expect(quoteExtension(facts(), '0').ok).toBe(false)
    expect(quoteExtension(facts(), '').ok).toBe(false)
  })

  it('offers no extension until the chain has told the offer’s longest duration', () => {
    const unknown = facts({ maxDuration: null })
    expect(availableActions(unknown, rentalClock(unknown, T0 + 1000)).extend).toBe(false)
    expect(quoteExtension(unknown, '0.5').ok).toBe(false)
  })
})

describe('cancel quotes', () => {
  const rules = {
    startWindow: 900,
    compensationSeconds: 3600,
    stakeToken: TOKEN,
    providerStake: 10_000_000n,
  } as const
  const pending = facts({ status: 'pending', startedAtMs: null, endsAtMs: null, createdAtMs: T0 })

  it('refunds the whole deposit inside the start window', () => {
    expect(quoteCancel(pending, rules, T0 + 60_000)).toMatchObject({ refund: 2_390_000n, compensation: 0n })
  })

  it('adds an hour of the price from the stake once the window has passed, capped by the stake', () => {
    expect(quoteCancel(pending, rules, T0 + 901_000).compensation).toBe(2_390_000n)
    expect(quoteCancel(pending, { ...rules, providerStake: 5n }, T0 + 901_000).compensation).toBe(5n)
    const otherToken = facts({ ...pending, token: '0x0000000000000000000000000000000000000001' })
    expect(quoteCancel(otherToken, rules, T0 + 901_000).compensation).toBe(0n)
  })
})

describe('no-show settlement', () => {
  const rules = {
    startWindow: 900,
    compensationSeconds: 3600,
    stakeToken: TOKEN,
    providerStake: 10_000_000n,
  } as const
  const pending = facts({ status: 'pending', startedAtMs: null, endsAtMs: null, createdAtMs: T0 })

  it('is due only once the start window has passed, and pays what a late cancel pays', () => {
    expect(quoteNoShow(pending, rules, T0 + 900_000)).toMatchObject({ due: false, compensation: 0n })
    expect(quoteNoShow(pending, rules, T0 + 901_000)).toEqual({
      due: true,
      refund: 2_390_000n,
      compensation: 2_390_000n,
      windowEndsMs: T0 + 900_000,
    })
  })

  it('is never due for a rental that started or ended, nor while the rules are unknown', () => {
    expect(quoteNoShow(facts(), rules, T0 + 901_000)).toBeNull()
    expect(quoteNoShow({ ...pending, status: 'declined' }, rules, T0 + 901_000)).toBeNull()
    expect(quoteNoShow(pending, undefined, T0 + 901_000)).toBeNull()
  })
})
