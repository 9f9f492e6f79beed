import { closeSync, openSync, writeSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import type { LogLine, LogStream } from '@/lib/protocol/job-logs'
import { createRedactor, type Redactor, sanitizeLine } from './log-sanitizer'

export type LogWriterOptions = {
  /** Total size of log.jsonl; past it, job output is counted and dropped. */
  limitBytes: number
  /** Longest stored line text in UTF-8 bytes; longer lines are cut and marked. */
  lineLimitBytes: number
  redact: readonly string[]
}

/** Kept out of the job's share of the limit so the supervisor can always say what happened. */
export const SYSTEM_RESERVE_BYTES = 16 * 1024

type StreamState = { decoder: StringDecoder; partial: string; bytes: number; cut: boolean }
type JobStream = Exclude<LogStream, 'system'>

/**
 * Writes a job's output to log.jsonl as LogLines. Every chunk is handled as it arrives and the
 * pipe is read on at full speed whatever the job prints, so memory stays bounded (a partial line
 * keeps at most a few times the line limit) and the job never blocks on a full pipe.
 */
export class LogWriter {
  private readonly fd: number
  private readonly redactor: Redactor
  private readonly streams: Record<JobStream, StreamState>
  private seq = 0
  private written = 0
  private pending = ''
  private droppedBytes = 0

  constructor(
    path: string,
    private readonly options: LogWriterOptions,
  ) {
    this.fd = openSync(path, 'a', 0o600)
    this.redactor = createRedactor(options.redact)
    const state = (): StreamState => ({
      decoder: new StringDecoder('utf8'),
      partial: '',
      bytes: 0,
      cut: false,
    })
    this.streams = { stdout: state(), stderr: state() }
  }

  /** Takes a chunk of the job's output. */
  write(stream: JobStream, chunk: Buffer): void {
    if (this.droppedBytes > 0) {
      // Once full, stays full: counting is all that is left to do, and it keeps up with any job.
      this.droppedBytes += chunk.length
      return
    }
    const state = this.streams[stream]
    const text = state.decoder.write(chunk)
    let start = 0
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      this.append(state, text.slice(start, end))
      this.completeLine(stream, state)
      start = end + 1
      if (this.droppedBytes > 0) {
        this.droppedBytes += Buffer.byteLength(text.slice(start))
        break
      }
    }
    if (this.droppedBytes === 0) this.append(state, text.slice(start))
    this.flush()
  }

  /** A line from the supervisor itself (launch failure, stop, exit). */
  system(text: string): void {
    this.emit('system', text, this.options.limitBytes)
    this.flush()
  }

  /** Stores what is left of unfinished lines, reports dropped output, adds `lastLine`, and closes the file. */
  end(lastLine?: string): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const state = this.streams[stream]
      if (this.droppedBytes > 0) {
        this.droppedBytes += state.bytes
        continue
      }
      this.append(state, state.decoder.end())
      if (state.bytes > 0) this.completeLine(stream, state)
    }
    if (this.droppedBytes > 0) {
      this.system(
        `${this.droppedBytes} bytes of output dropped past the log limit of ${this.options.limitBytes} bytes`,
      )
    }
    if (lastLine !== undefined) this.system(lastLine)
    this.flush()
    closeSync(this.fd)
  }

  get linesWritten(): number {
    return this.seq
  }

  private append(state: StreamState, piece: string): void {
    if (piece.length === 0) return
    state.bytes += Buffer.byteLength(piece)
    if (state.cut) return
    state.partial += piece
    // Room for escape sequences that stripping removes, and for a secret straddling the cut.
    const keep = 4 * this.options.lineLimitBytes
    if (state.partial.length > keep) {
      state.partial = state.partial.slice(0, keep)
      state.cut = true
    }
  }

  private completeLine(stream: JobStream, state: StreamState): void {
    const { lineLimitBytes, limitBytes } = this.options
    const text = sanitizeLine(state.partial, state.bytes, lineLimitBytes, this.redactor, state.cut)
    if (!this.emit(stream, text, limitBytes - SYSTEM_RESERVE_BYTES)) {
      this.droppedBytes += state.bytes + 1
      this.system(
        `log limit of ${limitBytes} bytes reached: further output is dropped (the job keeps running)`,
      )
    }
    state.partial = ''
    state.bytes = 0
    state.cut = false
  }

  /** Queues a line when it fits under `limit`; false when it does not. */
  private emit(stream: LogStream, text: string, limit: number): boolean {
    const line: LogLine = { seq: this.seq, at: Date.now(), stream, text }
    const json = `${JSON.stringify(line)}\n`
    const size = Buffer.byteLength(json)
    if (this.written + size > limit) return false
    this.pending += json
    this.written += size
    this.seq++
    return true
  }

  private flush(): void {
    if (this.pending === '') return
    const text = this.pending
    this.pending = ''
    try {
      // One write per chunk read: the job's lines reach the file while the job runs.
      writeSync(this.fd, text)
    } catch {
      // A full disk must not take the job down with it: count from here on instead.
      this.droppedBytes += Buffer.byteLength(text) + 1
    }
  }
}
