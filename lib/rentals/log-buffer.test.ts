import { describe, expect, it } from 'vitest'
import type { LogLine } from '@/lib/protocol/job-logs'
import { appendLogs, emptyLogBuffer, logText } from './log-buffer'

const line = (seq: number, text = `line ${seq}`): LogLine => ({ seq, at: 1000 + seq, stream: 'stdout', text })
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i))

describe('log buffer', () => {
  it('keeps lines in order and skips the replay a reconnected stream sends', () => {
    let buffer = appendLogs(emptyLogBuffer, range(0, 5))
    buffer = appendLogs(buffer, range(0, 8)) // reconnected: the stream starts again at seq 0
    expect(buffer.lines.map((l) => l.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(buffer.next).toBe(8)
  })

  it('orders a batch and drops duplicates inside it', () => {
    const buffer = appendLogs(emptyLogBuffer, [line(2), line(0), line(1), line(1)])
    expect(buffer.lines.map((l) => l.seq)).toEqual([0, 1, 2])
  })

  it('drops the oldest lines past the cap and counts them', () => {
    const buffer = appendLogs(appendLogs(emptyLogBuffer, range(0, 8), 5), range(8, 10), 5)
    expect(buffer.lines.map((l) => l.seq)).toEqual([5, 6, 7, 8, 9])
    expect(buffer.trimmed).toBe(5)
  })

  it('returns the same buffer when nothing is new, so nothing re-renders', () => {
    const buffer = appendLogs(emptyLogBuffer, range(0, 3))
    expect(appendLogs(buffer, range(0, 3))).toBe(buffer)
  })

  it('copies the text of the lines, one per line', () => {
    expect(logText([line(0, 'epoch 1'), line(1, 'epoch 2')])).toBe('epoch 1\nepoch 2')
  })
})
