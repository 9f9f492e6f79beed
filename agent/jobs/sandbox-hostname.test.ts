import { describe, expect, it } from 'vitest'
import { jobHostname } from './sandbox-bwrap'

describe('jobHostname', () => {
  it('fits a host name for a 256-bit rental id and tells rentals apart', () => {
    const big = '80676436038593549772720208024161841721400203349135597411223335740902160269563'
    expect(jobHostname(big)).toMatch(/^weft-[0-9a-f]{16}$/)
    expect(jobHostname(big).length).toBeLessThanOrEqual(63)
    expect(jobHostname('7')).toBe('weft-0000000000000007')
    expect(jobHostname(big)).not.toBe(jobHostname(`${big.slice(0, -1)}4`))
  })
})
