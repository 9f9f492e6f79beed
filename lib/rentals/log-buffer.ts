import type { LogLine } from '@/lib/protocol/job-logs'

/** Lines kept in the browser: enough to scroll back through, bounded however long the job runs. */
export const MAX_LOG_LINES = 5000

/** The tail of a job's log: lines in `seq` order, the next `seq` expected, and how many were dropped. */
export type LogBuffer = { lines: readonly LogLine[]; next: number; trimmed: number }

export const emptyLogBuffer: LogBuffer = { lines: [], next: 0, trimmed: 0 }

/**
 * Adds lines as the event stream delivers them. The stream starts again from the first line when
 * it reconnects, so lines already held (by `seq`) are skipped; past `max` the oldest are dropped.
 */
export function appendLogs(buffer: LogBuffer, incoming: readonly LogLine[], max = MAX_LOG_LINES): LogBuffer {
  const fresh = incoming.filter((line) => line.seq >= buffer.next).sort((a, b) => a.seq - b.seq)
  if (fresh.length === 0) return buffer
  const added: LogLine[] = []
  let next = buffer.next
  for (const line of fresh) {
    if (line.seq < next) continue // a duplicate within this batch
    added.push(line)
    next = line.seq + 1
  }
  const lines = [...buffer.lines, ...added]
  const excess = Math.max(0, lines.length - max)
  return { lines: excess ? lines.slice(excess) : lines, next, trimmed: buffer.trimmed + excess }
}

/** The lines as plain text, one per line, for the clipboard. */
export function logText(lines: readonly LogLine[]): string {
  return lines.map((line) => line.text).join('\n')
}
