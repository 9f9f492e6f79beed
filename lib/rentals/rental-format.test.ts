import { describe, expect, it } from 'vitest'
import { gpuLabel, shortHash } from './rental-format'

describe('rental labels', () => {
  it('shortens hashes and spells GPU models', () => {
    expect(shortHash(`0xabcdef${'0'.repeat(52)}123456`)).toBe('0xabcdef…123456')
    expect(gpuLabel('H100-SXM-80GB', 2)).toBe('2 × H100 SXM 80GB')
    expect(gpuLabel('L4-24GB', 1)).toBe('L4 24GB')
  })
})
