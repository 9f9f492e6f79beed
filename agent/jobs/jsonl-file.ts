import type { FileHandle } from 'node:fs/promises'

/**
 * Reading append-only JSON-lines files (log.jsonl, metrics.jsonl) by byte offset, so that no
 * read needs more than a chunk of the file in memory. A last line without its newline is still
 * being written and is never returned.
 */

export const CHUNK_BYTES = 64 * 1024
/** Enough for one metrics line; bisection reads this much per probe. */
export const PROBE_BYTES = 4096

/**
 * Calls `onLine` with each complete line (without its newline) from `offset` until it returns
 * false or the file ends; a line still being written (no newline yet) is left for later.
 */
export async function forEachLine(
  file: FileHandle,
  offset: number,
  onLine: (raw: Buffer) => boolean,
): Promise<void> {
  const buffer = Buffer.alloc(CHUNK_BYTES)
  let carry = Buffer.alloc(0)
  for (let position = offset; ; ) {
    const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, position)
    if (bytesRead === 0) return
    position += bytesRead
    const data =
      carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead)
    let start = 0
    for (let end = data.indexOf(10); end !== -1; end = data.indexOf(10, start)) {
      if (!onLine(data.subarray(start, end))) return
      start = end + 1
    }
    carry = Buffer.from(data.subarray(start))
  }
}

/** The first complete line that starts after byte `offset`. */
export async function lineAfter(
  file: FileHandle,
  offset: number,
): Promise<{ start: number; raw: Buffer } | undefined> {
  const buffer = Buffer.alloc(PROBE_BYTES)
  const { bytesRead } = await file.read(buffer, 0, PROBE_BYTES, offset)
  const data = buffer.subarray(0, bytesRead)
  const start = data.indexOf(10) + 1
  const end = start > 0 ? data.indexOf(10, start) : -1
  return end === -1 ? undefined : { start: offset + start, raw: data.subarray(start, end) }
}

/** The last `limit` complete lines, read backwards from the end in chunks. */
export async function lastLines(file: FileHandle, size: number, limit: number): Promise<Buffer[]> {
  const lines: Buffer[] = []
  let carry = Buffer.alloc(0)
  let trailing = true // the bytes after the last newline are a line still being written
  for (let end = size; end > 0 && lines.length < limit; ) {
    const start = Math.max(0, end - CHUNK_BYTES)
    const chunk = Buffer.alloc(end - start)
    await file.read(chunk, 0, chunk.length, start)
    end = start
    const parts = Buffer.concat([chunk, carry]).toString('latin1').split('\n')
    if (trailing) parts.pop()
    trailing = false
    carry = start > 0 ? Buffer.from(parts.shift() ?? '', 'latin1') : Buffer.alloc(0)
    for (const part of parts.reverse())
      if (lines.length < limit && part !== '') lines.push(Buffer.from(part, 'latin1'))
  }
  return lines.reverse()
}
