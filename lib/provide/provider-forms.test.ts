import { describe, expect, it } from 'vitest'
import { checkEndpoint, checkStake, checkWithdrawal } from './provider-forms'

describe('checkEndpoint', () => {
  it('accepts https URLs and normalises the trailing slash away', () => {
    expect(checkEndpoint(' https://gpu-1.example.com/ ', { allowHttp: false })).toEqual({
      ok: true,
      value: 'https://gpu-1.example.com',
    })
    expect(checkEndpoint('https://example.com:8700/weft', { allowHttp: false })).toEqual({
      ok: true,
      value: 'https://example.com:8700/weft',
    })
  })

  it('accepts http only where the chain is local', () => {
    expect(checkEndpoint('http://127.0.0.1:8701', { allowHttp: true })).toEqual({
      ok: true,
      value: 'http://127.0.0.1:8701',
    })
    expect(checkEndpoint('http://127.0.0.1:8701', { allowHttp: false })).toMatchObject({ ok: false })
  })

  it('refuses what is not a plain base URL', () => {
    for (const bad of [
      '',
      'gpu.example.com',
      'ftp://example.com',
      'https://u:p@example.com',
      'https://e.com/?a=1',
      'javascript:alert(1)',
    ])
      expect(checkEndpoint(bad, { allowHttp: true }), bad).toMatchObject({ ok: false })
    expect(checkEndpoint(`https://example.com/${'a'.repeat(240)}`, { allowHttp: false })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/256 bytes/),
    })
  })
})

describe('checkStake', () => {
  it('needs at least the minimum and no more than the balance', () => {
    expect(checkStake('500', { minimum: 100_000_000n, balance: 1_000_000_000n })).toEqual({
      ok: true,
      value: 500_000_000n,
    })
    expect(checkStake('99.999999', { minimum: 100_000_000n })).toMatchObject({
      ok: false,
      message: 'The market’s minimum stake is 100.',
    })
    expect(checkStake('1000.000001', { balance: 1_000_000_000n })).toMatchObject({
      ok: false,
      message: 'Your wallet holds only 1,000.',
    })
    expect(checkStake('0', {})).toMatchObject({ ok: false })
  })
})

describe('checkWithdrawal', () => {
  it('allows up to the whole stake, exactly', () => {
    expect(checkWithdrawal('500', 500_000_000n)).toEqual({ ok: true, value: 500_000_000n })
    expect(checkWithdrawal('500.000001', 500_000_000n)).toMatchObject({ ok: false })
    expect(checkWithdrawal('x', 500_000_000n)).toMatchObject({ ok: false })
  })
})
