import { StringDecoder } from 'node:string_decoder'

/**
 * Turns one raw line of job output into text that is safe to store and show: no terminal escape
 * sequences or control characters (a renter's browser or terminal must not interpret them), no
 * secrets of the provider, and a bounded length.
 */

// ANSI/VT escape sequences: CSI (ESC [ … final, or 8-bit CSI), OSC (ESC ] … BEL or ST, or to the
// end of the line when unterminated), DCS/SOS/PM/APC strings, and two-byte ESC sequences.
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
  /\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -~]?/g

// C0 except tab, DEL, C1, and the invisible characters that reorder or break displayed text:
// line/paragraph separators and bidi overrides (a "Trojan Source" line could disguise itself).
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

export const REDACTED = '[redacted]'

/** Removes escape sequences, then every control character but tab. */
export function stripControl(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '')
}

export type Redactor = {
  redact(text: string): string
  /** Cuts a trailing start of a secret: what a truncation may have left of one. */
  cutSecretPrefix(text: string): string
}

/**
 * Builds a redactor for `secrets`. A hex secret (a private key) is also matched without its 0x
 * and in any letter case, the forms a program is likely to print it in.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const values = [...new Set(secrets.filter((s) => s.length > 0))]
  const hex = (s: string) => /^(0x)?[0-9a-f]{16,}$/i.test(s)
  const patterns = values
    .sort((a, b) => b.length - a.length)
    .map((s) =>
      hex(s)
        ? `(?:0[xX])?${[...s.replace(/^0x/i, '')].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('')}`
        : escapeRegExp(s),
    )
  const pattern = patterns.length > 0 ? new RegExp(patterns.join('|'), 'g') : undefined
  const prefixes = [
    ...new Set(values.flatMap((s) => (hex(s) ? [s.toLowerCase(), s.toLowerCase().replace(/^0x/, '')] : [s]))),
  ]
  return {
    redact: (text) => (pattern ? text.replace(pattern, REDACTED) : text),
    cutSecretPrefix(text) {
      let kept = text
      for (const secret of prefixes) {
        // Hex secrets are matched in any case; a hex tail maps 1:1 onto the original characters.
        const subject = hex(secret) ? kept.toLowerCase() : kept
        for (let k = Math.min(secret.length - 1, subject.length); k > 0; k--) {
          if (subject.endsWith(secret.slice(0, k))) {
            kept = kept.slice(0, -k)
            break
          }
        }
      }
      return kept
    },
  }
}

/** The longest prefix of `text` that is at most `maxBytes` of UTF-8, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (text.length <= maxBytes / 3 || Buffer.byteLength(text) <= maxBytes) return text
  // The decoder holds back an incomplete trailing character instead of emitting U+FFFD.
  return new StringDecoder('utf8').write(Buffer.from(text).subarray(0, maxBytes))
}

/**
 * The stored text of a line: stripped, redacted, and cut to `maxBytes` with a marker saying how
 * long the line was. `rawBytes` is the line's full length as the job printed it.
 */
export function sanitizeLine(
  raw: string,
  rawBytes: number,
  maxBytes: number,
  redactor: Redactor,
  cut: boolean,
): string {
  const text = redactor.redact(stripControl(raw))
  if (!cut && Buffer.byteLength(text) <= maxBytes) return text
  const kept = redactor.cutSecretPrefix(truncateUtf8(text, maxBytes))
  return `${kept} [truncated: line of ${rawBytes} bytes]`
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
