import { describe, expect, it } from 'vitest'
import { formatUsdcFigure } from '@/lib/format/token-amount'
import { checkBeforeRent, durationFromHours, expiryText, hoursText } from './rent-checks'

const range = { minDuration: 60, maxDuration: 7 * 86_400 }

describe('rent checks', () => {
  it('reads hours into whole seconds within the offer’s range', () => {
    expect(durationFromHours('2', range)).toEqual({ ok: true, seconds: 7200 })
    expect(durationFromHours('1,5', range)).toEqual({ ok: true, seconds: 5400 })
    expect(durationFromHours('.25', range)).toEqual({ ok: true, seconds: 900 })
    expect(durationFromHours('', range)).toEqual({ ok: false, message: 'Enter how many hours to rent for.' })
    expect(durationFromHours('2h', range).ok).toBe(false)
    expect(durationFromHours('0', range)).toEqual({ ok: false, message: 'Rent for more than zero hours.' })
    expect(durationFromHours('0.01', range)).toEqual({
      ok: false,
      message: 'This offer rents for at least 1 min.',
    })
    expect(durationFromHours('169', range)).toEqual({
      ok: false,
      message: 'This offer rents for at most 1 w.',
    })
    expect(hoursText(5400)).toBe('1.5')
    expect(hoursText(7200)).toBe('2')
  })

  it('refuses an offer about to expire and a wallet short of USDC, saying what to do', () => {
    const base = {
      expiresAt: 1000,
      nowSeconds: 900,
      balance: 10_000_000n,
      deposit: 440_000n,
      testChain: true,
    }
    expect(checkBeforeRent(base)).toBeUndefined()
    expect(checkBeforeRent({ ...base, nowSeconds: 980 })?.remedy).toBe('fresh-offer')
    expect(checkBeforeRent({ ...base, nowSeconds: 1000 })?.message).toMatch(/^This offer has expired/)
    const short = checkBeforeRent({ ...base, balance: 100_000n })
    expect(short).toEqual({
      step: 'permit',
      remedy: 'get-usdc',
      message:
        'Your wallet holds 0.10 USDC, but this rental needs 0.44 USDC. Get test USDC below, or choose a shorter duration.',
    })
    expect(checkBeforeRent({ ...base, balance: 100_000n, testChain: false })?.remedy).toBe('shorter')
    expect(checkBeforeRent({ ...base, balance: undefined })).toBeUndefined()
    expect(expiryText(1000, 760)).toBe('in 4 min')
    expect(expiryText(1000, 1000)).toBe('expired')
  })

  it('writes exact USDC amounts, never rounded', () => {
    expect(formatUsdcFigure(440_000n)).toBe('0.44')
    expect(formatUsdcFigure(1_234_567_891n)).toBe('1,234.567891')
    expect(formatUsdcFigure(0n)).toBe('0.00')
    expect(formatUsdcFigure(1n)).toBe('0.000001')
  })
})
