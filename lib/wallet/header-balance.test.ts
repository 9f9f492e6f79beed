import { describe, expect, it } from 'vitest'
import { headerBalance } from './header-balance'

describe('headerBalance', () => {
  it('rounds down to cents and groups thousands', () => {
    expect(headerBalance(100_000_000_000n, 6)).toBe('100,000')
    expect(headerBalance(100_000_123_456n, 6)).toBe('100,000.12')
    expect(headerBalance(1_999_999n, 6)).toBe('1.99')
    expect(headerBalance(1_500_000n, 6)).toBe('1.50')
    expect(headerBalance(9_999n, 6)).toBe('0')
  })

  it('leaves tokens with two or fewer decimals as they are', () => {
    expect(headerBalance(12_345n, 2)).toBe('123.45')
    expect(headerBalance(7n, 0)).toBe('7')
  })
})
