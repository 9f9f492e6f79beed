import { z } from 'zod'

/*
 * The web terminal's wire (PROTOCOL.md "Browser access", Terminal): binary frames carry the
 * terminal's bytes; text frames are JSON control messages; close codes say why it ended.
 */

const controlSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session'), id: z.string().regex(/^[0-9a-f]{32}$/), resumed: z.boolean() }),
  z.object({ type: z.literal('exit'), code: z.number().int() }),
])
export type TerminalControl = z.infer<typeof controlSchema>

/** A control frame from the agent, or null for one this page does not know. */
export function parseControlFrame(text: string): TerminalControl | null {
  try {
    const parsed = controlSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** The resize frame, with the size clamped to what the agent accepts (1–1000). */
export function resizeFrame(cols: number, rows: number): string {
  const clamp = (n: number) => Math.min(1000, Math.max(1, Math.floor(n)))
  return JSON.stringify({ type: 'resize', cols: clamp(cols), rows: clamp(rows) })
}

/** What to do after a close: reconnect (resuming the session or not), or stop with a message. */
export type CloseVerdict =
  | { action: 'reconnect'; resume: boolean }
  | { action: 'stop'; message: string; ended?: boolean }

/** The agent's close codes, and the browser's own for a dropped connection. */
export function closeVerdict(code: number, exited: boolean): CloseVerdict {
  switch (code) {
    case 1000:
      return exited
        ? { action: 'stop', message: 'The shell exited. Open the terminal again for a new one.' }
        : { action: 'reconnect', resume: true }
    case 4001:
      return { action: 'stop', message: 'The rental ended, so its terminal is closed.', ended: true }
    case 4002:
      return {
        action: 'stop',
        message: 'This terminal was taken over by another window that resumed its session.',
      }
    case 4004:
      // The session is gone (idle past 60 s, or the agent restarted): a new shell.
      return { action: 'reconnect', resume: false }
    case 4005:
      return { action: 'stop', message: 'The shell could not start inside the job.' }
    case 4008:
      return { action: 'reconnect', resume: true }
    case 4029:
      return { action: 'stop', message: 'This rental already has 8 terminals open; close one and retry.' }
    default:
      return { action: 'reconnect', resume: true }
  }
}

/** Reconnect attempts before giving up, and the wait before each: 0.5 s doubling up to 10 s. */
export const MAX_RECONNECTS = 8
export function reconnectDelayMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 10_000)
}
