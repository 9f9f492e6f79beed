import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { type RawData, type WebSocket, WebSocketServer } from 'ws'
import { z } from 'zod'
import { clampSize, spawnOnTerminal, type TerminalProcess } from './job-process'
import type { WebAccess } from './web-access'

/** How long a session outlives its socket, waiting for the browser to come back. */
export const DETACHED_SESSION_MS = 60_000
/** The recent output a reconnecting browser is sent again. */
const REPLAY_BYTES = 256 * 1024
const MAX_SESSIONS_PER_RENTAL = 8
const MAX_UNSENT_BYTES = 4 * 1024 * 1024

/** Close codes the browser can act on (4000–4999 are the application's). */
export const TERMINAL_CLOSE = {
  exited: { code: 1000, reason: 'the shell exited' },
  rentalEnded: { code: 4001, reason: 'rental ended' },
  replaced: { code: 4002, reason: 'the session was opened elsewhere' },
  unknownSession: { code: 4004, reason: 'no such session; open a new one' },
  failed: { code: 4005, reason: 'the shell could not be started in the job' },
  tooSlow: { code: 4008, reason: 'the connection fell behind the output; reconnect to resume' },
  tooMany: { code: 4029, reason: 'too many terminal sessions for this rental' },
} as const

const controlSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('resize'),
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
  }),
])

type Session = {
  id: string
  rentalId: bigint
  renter: string
  terminal: TerminalProcess
  output: Buffer[]
  outputBytes: number
  socket?: WebSocket
  detached?: NodeJS.Timeout
}

/**
 * The web terminal: a WebSocket per browser tab, a shell on a pseudo-terminal inside the job.
 * Binary frames carry the terminal's bytes both ways; text frames carry JSON control messages
 * (`{"type":"resize","cols":…,"rows":…}` in, `{"type":"session","id":…,"resumed":…}` and
 * `{"type":"exit","code":…}` out). A session outlives a dropped socket for 60 s: opening
 * `?session=<id>` (with a valid token of the same renter) re-attaches it and replays its recent output.
 */
export class WebTerminals {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  private readonly sessions = new Map<string, Session>()

  constructor(private readonly access: WebAccess) {}

  /** Completes the upgrade of an authorized request for `rentalId`'s job in `jobDir`. */
  accept(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    target: {
      rentalId: bigint
      renter: string
      jobDir: string
      session?: string
      cols: number
      rows: number
    },
  ): void {
    this.server.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', () => undefined)
      if (target.session !== undefined) return this.resume(ws, target.session, target.rentalId, target.renter)
      void this.open(ws, target)
    })
  }

  /** Closes every session of the rental with "rental ended" and kills its shells. */
  endRental(rentalId: bigint | string): void {
    const id = BigInt(rentalId)
    for (const session of [...this.sessions.values()]) {
      if (session.rentalId === id) this.end(session, TERMINAL_CLOSE.rentalEnded)
    }
  }

  /** Ends every session. */
  close(): void {
    for (const session of [...this.sessions.values()]) this.end(session, TERMINAL_CLOSE.rentalEnded)
    this.server.close()
  }

  private async open(
    ws: WebSocket,
    target: { rentalId: bigint; renter: string; jobDir: string; cols: number; rows: number },
  ) {
    const count = [...this.sessions.values()].filter((s) => s.rentalId === target.rentalId).length
    if (count >= MAX_SESSIONS_PER_RENTAL)
      return ws.close(TERMINAL_CLOSE.tooMany.code, TERMINAL_CLOSE.tooMany.reason)
    const term = 'xterm-256color'
    const size = { cols: clampSize(target.cols), rows: clampSize(target.rows, 24) }
    const plan = await this.access.runner
      .exec(target.jobDir, { program: { kind: 'shell' }, tty: { term, size } })
      .catch(() => undefined)
    if (!plan) return ws.close(TERMINAL_CLOSE.failed.code, TERMINAL_CLOSE.failed.reason)
    const id = randomBytes(16).toString('hex')
    const terminal = spawnOnTerminal(plan, size, term, {
      onData: (data) => {
        const session = this.sessions.get(id)
        if (session) this.output(session, data)
      },
      onExit: (code) => {
        const session = this.sessions.get(id)
        if (!session) return
        this.send(session, JSON.stringify({ type: 'exit', code }))
        this.end(session, TERMINAL_CLOSE.exited)
      },
    })
    if (!terminal) return ws.close(TERMINAL_CLOSE.failed.code, TERMINAL_CLOSE.failed.reason)
    const session: Session = {
      id,
      rentalId: target.rentalId,
      renter: target.renter,
      terminal,
      output: [],
      outputBytes: 0,
    }
    this.sessions.set(id, session)
    this.attach(session, ws, false)
  }

  private resume(ws: WebSocket, id: string, rentalId: bigint, renter: string) {
    const session = this.sessions.get(id)
    if (!session || session.rentalId !== rentalId || session.renter.toLowerCase() !== renter.toLowerCase()) {
      return ws.close(TERMINAL_CLOSE.unknownSession.code, TERMINAL_CLOSE.unknownSession.reason)
    }
    this.attach(session, ws, true)
  }

  private attach(session: Session, ws: WebSocket, resumed: boolean) {
    clearTimeout(session.detached)
    session.detached = undefined
    const previous = session.socket
    session.socket = ws
    if (previous) previous.close(TERMINAL_CLOSE.replaced.code, TERMINAL_CLOSE.replaced.reason)
    ws.send(JSON.stringify({ type: 'session', id: session.id, resumed }))
    if (resumed && session.outputBytes > 0) ws.send(Buffer.concat(session.output))
    ws.on('message', (data: RawData, isBinary: boolean) => this.input(session, data, isBinary))
    ws.on('close', () => {
      if (session.socket !== ws) return
      session.socket = undefined
      if (!this.sessions.has(session.id)) return
      session.detached = setTimeout(() => this.end(session, TERMINAL_CLOSE.exited), DETACHED_SESSION_MS)
    })
  }

  private input(session: Session, data: RawData, isBinary: boolean) {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
    if (isBinary) return session.terminal.write(bytes)
    let message: unknown
    try {
      message = JSON.parse(bytes.toString('utf8'))
    } catch {
      return // not JSON: ignored, as an unknown control message is
    }
    const control = controlSchema.safeParse(message)
    if (control.success) session.terminal.resize({ cols: control.data.cols, rows: control.data.rows })
  }

  private output(session: Session, data: Buffer) {
    session.output.push(data)
    session.outputBytes += data.length
    while (session.outputBytes > REPLAY_BYTES && session.output.length > 1) {
      session.outputBytes -= session.output.shift()?.length ?? 0
    }
    this.send(session, data)
  }

  private send(session: Session, data: Buffer | string) {
    const socket = session.socket
    if (socket?.readyState !== socket?.OPEN || !socket) return
    // A socket that cannot keep up is let go rather than buffered without bound: the session
    // stays, and a reconnect gets the recent output again.
    if (socket.bufferedAmount > MAX_UNSENT_BYTES)
      return socket.close(TERMINAL_CLOSE.tooSlow.code, TERMINAL_CLOSE.tooSlow.reason)
    socket.send(data)
  }

  private end(session: Session, close: { code: number; reason: string }) {
    this.sessions.delete(session.id)
    clearTimeout(session.detached)
    session.terminal.kill()
    session.socket?.close(close.code, close.reason)
  }
}
