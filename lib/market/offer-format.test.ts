import { describe, expect, it } from 'vitest'
import {
  asSentence,
  formatAccess,
  formatAccessShort,
  formatBandwidth,
  formatCount,
  formatCpus,
  formatIsolation,
  formatReliability,
  formatSize,
  formatUsd,
  formatUsdWhole,
  formatVram,
} from './offer-format'

describe('offer figures', () => {
  it('memory and disk read in GB, or TB from a terabyte on, never rounded up', () => {
    expect(formatSize(128 * 1024)).toBe('128 GB')
    expect(formatSize(256)).toBe('0.2 GB')
    expect(formatSize(1023 * 1024)).toBe('1023 GB')
    expect(formatSize(1024 * 1024)).toBe('1 TB')
    expect(formatSize(1.5 * 1024 * 1024)).toBe('1.5 TB')
    // 1.99 TB must not read as 2 TB.
    expect(formatSize(2 * 1024 * 1024 - 1024 * 10)).toBe('1.9 TB')
    expect(formatSize(Number.NaN)).toBe('—')
  })

  it('the ways in read in full on the offer page and compactly in a row', () => {
    const all = ['ssh', 'terminal', 'ports', 'files'] as const
    expect(formatAccess([...all])).toBe('SSH, web terminal, ports, files')
    expect(formatAccess([])).toBe('none')
    expect(formatAccessShort([...all])).toBe('SSH + web')
    expect(formatAccessShort(['terminal', 'ports', 'files'])).toBe('web')
    expect(formatAccessShort(['ssh', 'files'])).toBe('SSH + files')
    expect(formatAccessShort(['terminal'])).toBe('terminal')
    expect(formatAccessShort([])).toBe('no access')
  })

  it('a process runner reads as unisolated', () => {
    expect(formatIsolation('process')).toBe('unisolated')
    expect(formatIsolation('container')).toBe('container')
    expect(formatIsolation('sandbox')).toBe('sandbox')
  })

  it('CPU cores read as a count of CPUs', () => {
    expect(formatCpus(1)).toBe('1 CPU')
    expect(formatCpus(16)).toBe('16 CPUs')
    expect(formatCpus(1024)).toBe('1,024 CPUs')
  })

  it('bandwidth reads in Mbit/s or Gbit/s, and says when the provider did not state it', () => {
    expect(formatBandwidth(0)).toBe('not stated')
    expect(formatBandwidth(500)).toBe('500 Mbit/s')
    expect(formatBandwidth(10_000)).toBe('10 Gbit/s')
    expect(formatBandwidth(2_500)).toBe('2.5 Gbit/s')
  })

  it('prices keep cents, and more digits below a dollar', () => {
    expect(formatUsd(2.4)).toBe('$2.40')
    expect(formatUsd(19.2)).toBe('$19.20')
    expect(formatUsd(0.125)).toBe('$0.125')
    expect(formatUsd(0.1)).toBe('$0.10')
    expect(formatUsd(1234.5)).toBe('$1,234.50')
    expect(formatUsdWhole(512)).toBe('$512')
    expect(formatUsd(Number.NaN)).toBe('—')
  })

  it('memory in GB, with a decimal for what drivers report', () => {
    expect(formatVram(81_920)).toBe('80 GB')
    expect(formatVram(81_520)).toBe('79.6 GB')
  })

  it('reliability rounds down, so a near-perfect record never reads 100%', () => {
    expect(formatReliability(null)).toBe('new')
    expect(formatReliability(1)).toBe('100%')
    expect(formatReliability(0.9996)).toBe('99.9%')
    expect(formatReliability(0.967)).toBe('96%')
    expect(formatReliability(0.5)).toBe('50%')
  })

  it('counts and sentences', () => {
    expect(formatCount(10_000)).toBe('10,000')
    expect(asSentence('`price` needs a number, got `abc`')).toBe('`price` needs a number, got `abc`.')
    expect(asSentence('the server is down')).toBe('The server is down.')
    expect(asSentence('Done.')).toBe('Done.')
  })
})
