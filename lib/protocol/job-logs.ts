import { z } from 'zod'
import type { FieldSchemas } from './wire-fields'

const LOG_STREAMS = ['stdout', 'stderr', 'system'] as const
export type LogStream = (typeof LOG_STREAMS)[number]
/** One captured log line: `seq` orders lines of one rental from 0 without gaps. */
export type LogLine = { seq: number; at: number; stream: LogStream; text: string }
/** A page of a rental's log from a cursor; `next` is the cursor to read on from. */
export type LogPage = { lines: LogLine[]; next: number; done: boolean }

const seq = z.number().int().nonnegative()

export const logLineSchema = z.object({
  seq,
  at: z.number().int().nonnegative(),
  stream: z.enum(LOG_STREAMS),
  // The agent caps lines far below this; a longer one is not a log line.
  text: z.string().max(64 * 1024),
} satisfies FieldSchemas<LogLine>)

/** `GET /v1/rentals/:id/logs`; the agent answers at most 1000 lines a page. */
export const logPageSchema = z.object({
  lines: z.array(logLineSchema).max(1000),
  next: seq,
  done: z.boolean(),
} satisfies FieldSchemas<LogPage>)
