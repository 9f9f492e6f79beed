import { describe, expect, it } from 'vitest'
import { formatCountdown, formatSpan, formatUsdc, gpuLabel, shortHash } from './rental-format'

describe('rental formatting', () => {
  it('writes USDC exactly, with at least cents', () => {
    expect(formatUsdc(2_390_000n)).toBe('2.39 USDC')
    expect(formatUsdc(61n)).toBe('0.000061 USDC')
    expect(formatUsdc(1_234_500_000n)).toBe('1,234.50 USDC')
    expect(formatUsdc(0n)).toBe('0.00 USDC')
  })

  it('counts down like a clock', () => {
    expect(formatCountdown(245)).toBe('0:04:05')
    expect(formatCountdown(43_200)).toBe('12:00:00')
    expect(formatCountdown(3 * 86_400 + 3600)).toBe('3 d 01:00:00')
    expect(formatCountdown(-5)).toBe('0:00:00')
  })

  it('writes spans of time in words', () => {
    expect(formatSpan(45)).toBe('45 s')
    expect(formatSpan(600)).toBe('10 min')
    expect(formatSpan(9000)).toBe('2 h 30 min')
    expect(formatSpan(86_400 + 60)).toBe('1 d 1 min')
  })

  it('shortens hashes and spells GPU models', () => {
    expect(shortHash(`0xabcdef${'0'.repeat(52)}123456`)).toBe('0xabcdef…123456')
    expect(gpuLabel('H100-SXM-80GB', 2)).toBe('2 × H100 SXM 80GB')
    expect(gpuLabel('L4-24GB', 1)).toBe('L4 24GB')
  })
})
