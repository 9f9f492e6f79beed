import { describe, expect, it } from 'vitest'
import { formatAgo, formatCountdown, formatDuration, formatHours } from './duration'

describe('formatDuration', () => {
  it('approximate: as a person says it, two units at most', () => {
    expect(formatDuration(45)).toBe('45 s')
    expect(formatDuration(60)).toBe('1 min')
    expect(formatDuration(3600)).toBe('1 h')
    expect(formatDuration(5400)).toBe('1 h 30 min')
    expect(formatDuration(86_400)).toBe('1 d')
    expect(formatDuration(86_400 + 3600 * 5)).toBe('1 d 5 h')
    expect(formatDuration(7 * 86_400)).toBe('1 w')
    expect(formatDuration(9 * 86_400)).toBe('1 w 2 d')
    // No "1 w 0 d 3 h": a gap in the middle drops the smaller unit.
    expect(formatDuration(7 * 86_400 + 3 * 3600)).toBe('1 w')
    expect(formatDuration(-1)).toBe('—')
  })

  it('exact: every unit down to minutes, seconds below an hour', () => {
    expect(formatDuration(45, 'exact')).toBe('45 s')
    expect(formatDuration(600, 'exact')).toBe('10 min')
    expect(formatDuration(725, 'exact')).toBe('12 min 5 s')
    expect(formatDuration(9000, 'exact')).toBe('2 h 30 min')
    expect(formatDuration(86_400 + 60, 'exact')).toBe('1 d 1 min')
    expect(formatDuration(-5, 'exact')).toBe('0 s')
  })
})

describe('formatCountdown', () => {
  it('counts down like a clock', () => {
    expect(formatCountdown(245)).toBe('0:04:05')
    expect(formatCountdown(43_200)).toBe('12:00:00')
    expect(formatCountdown(3 * 86_400 + 3600)).toBe('3 d 01:00:00')
    expect(formatCountdown(-5)).toBe('0:00:00')
  })
})

describe('formatHours', () => {
  it('writes hours with at most two decimals', () => {
    expect(formatHours(5400)).toBe('1.5 h')
    expect(formatHours(36)).toBe('0.01 h')
    expect(formatHours(3600 * 1500)).toBe('1,500 h')
  })
})

describe('formatAgo', () => {
  const now = new Date('2026-01-01T12:00:00.000Z')
  it('reads like a person would say it', () => {
    expect(formatAgo(new Date('2026-01-01T11:59:58.000Z'), now)).toBe('just now')
    expect(formatAgo(new Date('2026-01-01T11:59:15.000Z'), now)).toBe('45 s ago')
    expect(formatAgo(new Date('2026-01-01T11:58:00.000Z'), now)).toBe('2 min ago')
    expect(formatAgo(new Date('2026-01-01T09:00:00.000Z'), now)).toBe('3 h ago')
    expect(formatAgo(new Date('2025-12-30T12:00:00.000Z'), now)).toBe('2 d ago')
  })
})
