export type JsonFailure = 'invalid JSON' | 'too deeply nested' | 'too large'

export type JsonResult = { ok: true; value: unknown } | { ok: false; reason: JsonFailure }

const decoder = new TextDecoder('utf-8', { fatal: true })

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPENERS = new Set([0x5b, 0x7b]) // [ {
const CLOSERS = new Set([0x5d, 0x7d]) // ] }

/** The deepest nesting of arrays and objects in `text`, outside strings; stops early past `limit`. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) inString = true
    else if (OPENERS.has(c)) {
      depth++
      if (depth > deepest) deepest = depth
      if (deepest > limit) return deepest
    } else if (CLOSERS.has(c)) depth--
  }
  return deepest
}

/**
 * Parses a provider's JSON body with its size and nesting bounded before `JSON.parse` sees it:
 * invalid UTF-8, trailers after the value, or 10,000 nested brackets fail with a reason instead
 * of a stack overflow somewhere downstream.
 */
export function parseBoundedJson(
  body: Uint8Array | string,
  limits: { maxBytes: number; maxDepth: number },
): JsonResult {
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength
  if (size > limits.maxBytes) return { ok: false, reason: 'too large' }
  let text: string
  try {
    text = typeof body === 'string' ? body : decoder.decode(body)
  } catch {
    return { ok: false, reason: 'invalid JSON' }
  }
  if (nestingDepth(text, limits.maxDepth) > limits.maxDepth) return { ok: false, reason: 'too deeply nested' }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false, reason: 'invalid JSON' }
  }
}
