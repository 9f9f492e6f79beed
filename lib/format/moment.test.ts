import { describe, expect, it } from 'vitest'
import { formatMoment, formatUtcMoment } from './moment'

describe('moments', () => {
  it('writes server-rendered moments in UTC, saying so', () => {
    expect(formatUtcMoment('2026-01-02T15:04:05.000Z')).toBe('Jan 2, 2026, 3:04 PM UTC')
    expect(formatUtcMoment(new Date('2026-01-02T15:04:05.000Z'))).toBe('Jan 2, 2026, 3:04 PM UTC')
    expect(formatUtcMoment(null)).toBe('never')
  })

  it('writes a moment as month, day and a 24-hour clock to the second', () => {
    expect(formatMoment(Date.parse('2026-11-25T14:03:09.000Z'))).toMatch(/^Nov \d{1,2}, \d{2}:\d{2}:09$/)
  })
})
