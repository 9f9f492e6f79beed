import { describe, expect, it } from 'vitest'
import { formatTokenAmount, formatUsdc, formatUsdcFigure, parseTokenAmount } from './token-amount'

describe('formatTokenAmount', () => {
  it('keeps every unit and drops trailing zeros', () => {
    expect(formatTokenAmount(1n)).toBe('0.000001')
    expect(formatTokenAmount(12_500_000n)).toBe('12.5')
    expect(formatTokenAmount(0n)).toBe('0')
    expect(formatTokenAmount(1_234_567_890n)).toBe('1,234.56789')
  })

  it('groups thousands in the whole part only', () => {
    expect(formatTokenAmount(100_000_000_000n)).toBe('100,000')
    expect(formatTokenAmount(1_000_000_000_000_123_456n)).toBe('1,000,000,000,000.123456')
    expect(formatTokenAmount(-2_000_000_500_000n)).toBe('-2,000,000.5')
  })

  it('honours other decimals', () => {
    expect(formatTokenAmount(10n ** 18n + 1n, 18)).toBe('1.000000000000000001')
  })
})

describe('parseTokenAmount', () => {
  it('reads whole and decimal amounts, with grouping', () => {
    expect(parseTokenAmount('250')).toEqual({ ok: true, units: 250_000_000n })
    expect(parseTokenAmount(' 12.5 ')).toEqual({ ok: true, units: 12_500_000n })
    expect(parseTokenAmount('1,000.000001')).toEqual({ ok: true, units: 1_000_000_001n })
    expect(parseTokenAmount('.5')).toEqual({ ok: true, units: 500_000n })
  })

  it('says what is wrong with anything else', () => {
    expect(parseTokenAmount('')).toMatchObject({ ok: false, message: 'Enter an amount.' })
    expect(parseTokenAmount('abc')).toMatchObject({ ok: false, message: expect.stringMatching(/number/) })
    expect(parseTokenAmount('-5')).toMatchObject({ ok: false })
    expect(parseTokenAmount('1e6')).toMatchObject({ ok: false })
    expect(parseTokenAmount('0.0000001')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/6 decimals/),
    })
    expect(parseTokenAmount('0')).toMatchObject({ ok: false, message: 'Enter an amount above zero.' })
    expect(parseTokenAmount('.')).toMatchObject({ ok: false })
  })
})

describe('formatUsdc', () => {
  it('writes USDC exactly, with at least cents', () => {
    expect(formatUsdc(2_390_000n)).toBe('2.39 USDC')
    expect(formatUsdc(61n)).toBe('0.000061 USDC')
    expect(formatUsdc(1_234_500_000n)).toBe('1,234.50 USDC')
    expect(formatUsdc(0n)).toBe('0.00 USDC')
    expect(formatUsdc(-1_500_000n)).toBe('-1.50 USDC')
    expect(formatUsdcFigure(1_234_500_000n)).toBe('1,234.50')
  })
})
