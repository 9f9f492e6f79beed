import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatDecimal, formatDollars, groupDigits } from './en-us-number'

const seed = Number(process.env.WEFT_FUZZ_SEED ?? 20_251_207)

describe('en-US numbers without Intl', () => {
  it('groups thousands', () => {
    expect(groupDigits('0')).toBe('0')
    expect(groupDigits('999')).toBe('999')
    expect(groupDigits('1000')).toBe('1,000')
    expect(groupDigits('1234567890123456789')).toBe('1,234,567,890,123,456,789')
  })

  it('writes what Intl.NumberFormat writes, rounding included', () => {
    const cases: [number, number, number][] = [
      [0, 0, 3],
      [0.125, 2, 2],
      [-0.125, 2, 2],
      [1.005, 2, 2],
      [2.5, 0, 0],
      [-2.5, 0, 0],
      [-0.001, 2, 2],
      [1234.5, 2, 4],
    ]
    for (const [value, min, max] of cases) {
      const intl = new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max })
      expect(formatDecimal(value, min, max), `${value} (${min}–${max})`).toBe(intl.format(value))
    }
  })

  it('agrees with Intl.NumberFormat on any price-sized figure', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 4 }),
        (value, min, extra) => {
          const max = min + extra
          const intl = new Intl.NumberFormat('en-US', {
            minimumFractionDigits: min,
            maximumFractionDigits: max,
          })
          expect(formatDecimal(value, min, max)).toBe(intl.format(value))
        },
      ),
      { seed, numRuns: 2000 },
    )
  })

  it('writes dollars as Intl does', () => {
    const usd = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: 'USD',
      maximumFractionDigits: 4,
    })
    for (const value of [0.125, -0.125, 1234.5, -1234.5, 0.1]) {
      expect(formatDollars(value, 2, 4)).toBe(usd.format(value))
    }
  })
})
