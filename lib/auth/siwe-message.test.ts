import { privateKeyToAccount } from 'viem/accounts'
import { createSiweMessage, type SiweMessage } from 'viem/siwe'
import { describe, expect, it } from 'vitest'
import negative from './fixtures/parsing_negative.json'
import positive from './fixtures/parsing_positive.json'
import { MAX_RESOURCES, oversizeProblem, parseDateTime, parseSiweMessageStrict } from './siwe-message'

type Fields = Record<string, string | number | string[] | null | undefined>

describe('parseSiweMessageStrict', () => {
  it.each(Object.entries(positive))('parses the well-formed vector "%s" to its fields', (_, vector) => {
    const parsed = parseSiweMessageStrict(vector.message)
    if (!parsed.ok) throw new Error(parsed.problem)
    const fields = vector.fields as Fields
    for (const [key, value] of Object.entries(fields)) {
      const got = parsed.message[key as keyof typeof parsed.message]
      if (value === null) expect(got).toBeUndefined()
      else if (key === 'issuedAt' || key === 'expirationTime' || key === 'notBefore') {
        expect((got as Date).getTime()).toBe(new Date(value as string).getTime())
      } else expect(got).toEqual(value)
    }
  })

  it.each(Object.entries(negative))('refuses the malformed vector "%s" with a sentence', (_, message) => {
    const parsed = parseSiweMessageStrict(message)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toMatch(/^(the|a|line) .{10,}/)
  })

  it('parses what viem’s createSiweMessage writes, with every optional field', () => {
    const account = privateKeyToAccount(`0x${'11'.repeat(32)}`)
    const fields: SiweMessage = {
      scheme: 'https',
      domain: 'weft.example',
      address: account.address,
      statement: 'Sign in to Weft.',
      uri: 'https://weft.example/rentals',
      version: '1',
      chainId: 8453,
      nonce: 'a1b2c3d4e5f6a7b8',
      issuedAt: new Date('2026-01-01T00:00:00.000Z'),
      expirationTime: new Date('2026-01-01T00:10:00.000Z'),
      notBefore: new Date('2026-01-01T00:00:00.000Z'),
      requestId: 'req-1',
      resources: ['ipfs://bafy', 'https://weft.example/tos'],
    }
    expect(parseSiweMessageStrict(createSiweMessage(fields))).toEqual({ ok: true, message: fields })
  })

  it('refuses a trailing newline, a carriage return and an unknown line', () => {
    const base = positive['no optional field'].message
    expect(parseSiweMessageStrict(`${base}\n`).ok).toBe(false)
    expect(parseSiweMessageStrict(base.replace('\nURI', '\r\nURI')).ok).toBe(false)
    expect(parseSiweMessageStrict(`${base}\nAdmin: true`).ok).toBe(false)
  })
})

describe('parseDateTime', () => {
  it('accepts RFC 3339 instants with or without fractions, in any offset', () => {
    expect(parseDateTime('2021-09-30T16:25:24Z')?.toISOString()).toBe('2021-09-30T16:25:24.000Z')
    expect(parseDateTime('2021-09-30T16:25:24.5-02:00')?.toISOString()).toBe('2021-09-30T18:25:24.500Z')
  })

  it('refuses impossible or non-RFC 3339 times that Date would silently roll over or guess', () => {
    for (const value of [
      '2022-02-31T17:09:38.578Z',
      '2023-02-29T00:00:00Z',
      '2022-13-01T00:00:00Z',
      '2022-01-01T24:00:00Z',
      '2022-01-01T00:00:00+24:00',
      '2022-01-01 00:00:00Z',
      '2022-01-01T00:00:00',
      'Wed Oct 05 2011 16:48:00 GMT+0200 (CEST)',
    ]) {
      expect(parseDateTime(value), value).toBeUndefined()
    }
    expect(parseDateTime('2024-02-29T00:00:00Z')).toBeDefined()
  })
})

describe('oversizeProblem', () => {
  it('refuses a 1 MB message and thousands of resources without parsing them', () => {
    expect(oversizeProblem('x'.repeat(1024 * 1024))).toBe('message_too_large')
    expect(oversizeProblem('é'.repeat(4097))).toBe('message_too_large')
    expect(oversizeProblem(`Resources:${'\n- a:b'.repeat(1000)}`)).toBe('too_many_resources')
    expect(oversizeProblem(`Resources:${'\n- a:b'.repeat(MAX_RESOURCES)}`)).toBeUndefined()
  })
})
