export type LogStream = 'stdout' | 'stderr' | 'system'
/** One captured log line: `seq` orders lines of one rental from 0 without gaps. */
export type LogLine = { seq: number; at: number; stream: LogStream; text: string }
/** A page of a rental's log from a cursor; `next` is the cursor to read on from. */
export type LogPage = { lines: LogLine[]; next: number; done: boolean }
