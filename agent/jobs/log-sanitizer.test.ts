import { describe, expect, it } from 'vitest'
import { createRedactor, REDACTED, sanitizeLine, stripControl, truncateUtf8 } from './log-sanitizer'

const KEY = `0x${'ab12'.repeat(16)}`

describe('stripControl', () => {
  it('removes colour codes, cursor movement, titles and bells but keeps tabs', () => {
    expect(stripControl('\x1b[1;31mred\x1b[0m\tplain\x07')).toBe('red\tplain')
    expect(stripControl('\x1b]0;evil title\x07after')).toBe('after')
    expect(stripControl('\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\')).toBe('link')
    expect(stripControl('a\x1b[2K\x1b[1Gb\rc\x00d\x7fe')).toBe('abcde')
    expect(stripControl('\x9b31mc1\x85x')).toBe('c1x')
  })

  it('removes bidi overrides that could disguise a line, keeps other text', () => {
    expect(stripControl('user\u202Eexe.txt')).toBe('userexe.txt')
    expect(stripControl('héllo 日本 🚀')).toBe('héllo 日本 🚀')
  })
})

describe('createRedactor', () => {
  it('replaces every listed value, longest first', () => {
    const { redact } = createRedactor(['tok', 'token-123', ''])
    expect(redact('a token-123 b tok c')).toBe(`a ${REDACTED} b ${REDACTED} c`)
  })

  it('matches a hex key with or without 0x and in any case', () => {
    const { redact } = createRedactor([KEY])
    expect(redact(`k=${KEY}`)).toBe(`k=${REDACTED}`)
    expect(redact(`k=${KEY.slice(2).toUpperCase()}!`)).toBe(`k=${REDACTED}!`)
  })

  it('takes regular-expression characters literally', () => {
    expect(createRedactor(['a.b*c']).redact('a.b*c axbbc')).toBe(`${REDACTED} axbbc`)
  })

  it('cuts the start of a secret that a truncation left at the end', () => {
    const { cutSecretPrefix } = createRedactor([KEY, 'hunter2'])
    expect(cutSecretPrefix(`x ${KEY.slice(0, 20)}`)).toBe('x ')
    expect(cutSecretPrefix('pass hunt')).toBe('pass ')
    expect(cutSecretPrefix('nothing here')).toBe('nothing here')
  })
})

describe('sanitizeLine', () => {
  it('cuts long lines at a character boundary and says how long they were', () => {
    const text = sanitizeLine('é'.repeat(100), 200, 51, createRedactor([]), false)
    expect(text).toBe(`${'é'.repeat(25)} [truncated: line of 200 bytes]`)
    expect(truncateUtf8('🚀🚀', 5)).toBe('🚀')
  })

  it('never leaves part of a secret at the cut', () => {
    const text = sanitizeLine(`${'x'.repeat(40)}${KEY}`, 106, 50, createRedactor([KEY]), true)
    expect(text).toBe(`${'x'.repeat(40)}[redacted] [truncated: line of 106 bytes]`)
    const cut = sanitizeLine(`${'x'.repeat(45)}${KEY.slice(0, 30)}`, 1000, 50, createRedactor([KEY]), true)
    expect(cut).toBe(`${'x'.repeat(45)} [truncated: line of 1000 bytes]`)
  })
})
