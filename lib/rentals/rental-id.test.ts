import { describe, expect, it } from 'vitest'
import { parseRentalIdParam, shortRentalId } from './rental-id'

describe('rental ids in URLs', () => {
  it('reads decimal and hex ids the way the API does', () => {
    expect(parseRentalIdParam('255')).toBe(255n)
    expect(parseRentalIdParam('0xff')).toBe(255n)
    expect(parseRentalIdParam((2n ** 256n - 1n).toString())).toBe(2n ** 256n - 1n)
  })

  it('refuses anything else, including ids past 2^256 − 1', () => {
    for (const bad of ['', 'abc', '-1', '1e3', '0x', ' 1', (2n ** 256n).toString()]) {
      expect(parseRentalIdParam(bad)).toBeNull()
    }
  })

  it('shortens an id to the ends of its 32-byte hex', () => {
    expect(shortRentalId(255n)).toBe('0x000000…0000ff')
  })
})
