import { existsSync } from 'node:fs'
import { type FileHandle, open, stat } from 'node:fs/promises'
import { z } from 'zod'
import type { LogLine, LogPage } from '@/lib/protocol/job-logs'
import { isErrno, jobFile } from './job-files'
import { CHUNK_BYTES, forEachLine } from './jsonl-file'

export const MAX_PAGE_LINES = 1000

const logLineSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  at: z.number(),
  stream: z.enum(['stdout', 'stderr', 'system']),
  text: z.string(),
})

/**
 * Reads one job's log.jsonl by pages and follows it while the job runs. Keep one per job: it
 * remembers the byte offset of every `every`-th line, so a page costs reading at most `every`
 * lines before it plus the page itself, however long the log is. Line n of the file has seq n.
 *
 * Paging is by cursor: `after` is the number of lines already read, i.e. the seq of the first
 * line wanted (0 for the start), and `next` is the `after` of the following page.
 */
export class JobLog {
  private readonly path: string
  /** checkpoints[k] is the byte offset where line k × every starts. */
  private readonly checkpoints: number[] = [0]
  private scannedOffset = 0
  private scannedLines = 0

  constructor(
    readonly jobDir: string,
    private readonly every = 256,
  ) {
    this.path = jobFile(jobDir, 'log.jsonl')
  }

  async page(after: number, limit: number): Promise<LogPage> {
    if (!Number.isInteger(after) || after < 0) throw new RangeError('after must be a whole number')
    const wanted = Math.max(1, Math.min(MAX_PAGE_LINES, Math.floor(limit) || 1))
    // Checked before reading: once exit.json exists the supervisor has written its last line.
    const ended = existsSync(jobFile(this.jobDir, 'exit.json'))
    let file: FileHandle
    try {
      file = await open(this.path, 'r')
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return { lines: [], next: after, done: ended }
      throw error
    }
    try {
      await this.scan(file, after)
      const k = Math.min(Math.floor(after / this.every), this.checkpoints.length - 1)
      const lines: LogLine[] = []
      let seq = k * this.every
      let more = false
      await forEachLine(file, this.checkpoints[k] ?? 0, (raw) => {
        if (seq >= after) {
          if (lines.length === wanted) {
            more = true
            return false
          }
          lines.push(parseLine(raw, seq))
        }
        seq++
        return true
      })
      return { lines, next: after + lines.length, done: ended && !more }
    } finally {
      await file.close()
    }
  }

  /**
   * Calls `onLine` for every line from `after` on, as the job writes them (checked every
   * `pollMs`), then `onEnd` once the job has ended and every line was delivered. Returns the
   * unsubscribe function.
   */
  follow(after: number, onLine: (line: LogLine) => void, onEnd: () => void, pollMs = 250): () => void {
    let cursor = after
    let active = true
    let seenSize = -1
    let timer: NodeJS.Timeout | undefined
    const tick = async () => {
      try {
        const size = await stat(this.path).then(
          (s) => s.size,
          () => 0,
        )
        const ended = existsSync(jobFile(this.jobDir, 'exit.json'))
        // Nothing new since the last look: skip the read.
        if (size !== seenSize || ended) {
          seenSize = size
          for (let full = true; full && active; ) {
            const page = await this.page(cursor, MAX_PAGE_LINES)
            if (!active) return
            for (const line of page.lines) onLine(line)
            cursor = page.next
            if (page.done) {
              active = false
              onEnd()
              return
            }
            full = page.lines.length === MAX_PAGE_LINES
          }
        }
      } catch {
        // A read that failed (file replaced, disk busy) is simply tried again at the next tick.
      }
      if (active) timer = setTimeout(tick, pollMs)
    }
    void tick()
    return () => {
      active = false
      clearTimeout(timer)
    }
  }

  /** Extends the checkpoint index up to the one at or before line `upTo` (or the end of the file). */
  private async scan(file: FileHandle, upTo: number): Promise<void> {
    const target = Math.floor(upTo / this.every) * this.every
    if (this.scannedLines >= target) return
    const buffer = Buffer.alloc(CHUNK_BYTES)
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, this.scannedOffset)
      let consumed = 0
      for (let i = buffer.indexOf(10); i !== -1 && i < bytesRead; i = buffer.indexOf(10, i + 1)) {
        consumed = i + 1
        this.scannedLines++
        if (this.scannedLines % this.every === 0) this.checkpoints.push(this.scannedOffset + consumed)
        if (this.scannedLines >= target) break
      }
      this.scannedOffset += consumed
      if (this.scannedLines >= target || consumed === 0) return
    }
  }
}

/** A line this reader cannot read keeps its place in the sequence, saying so. */
function parseLine(raw: Buffer, seq: number): LogLine {
  try {
    const line = logLineSchema.parse(JSON.parse(raw.toString('utf8')))
    if (line.seq === seq) return line
  } catch {
    // fall through
  }
  return { seq, at: 0, stream: 'system', text: '[unreadable log line]' }
}
