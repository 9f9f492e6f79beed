import {
  closeVerdict,
  MAX_RECONNECTS,
  parseControlFrame,
  reconnectDelayMs,
  resizeFrame,
} from './terminal-link'

export type TerminalState =
  | { kind: 'connecting' }
  | { kind: 'open'; resumed: boolean }
  | { kind: 'reconnecting'; attempt: number; inMs: number }
  | { kind: 'closed'; message: string; ended: boolean }

/** The part of a browser WebSocket the connection uses. */
export type SocketLike = {
  binaryType: BinaryType
  readonly readyState: number
  send(data: string | Uint8Array): void
  close(code?: number): void
  onopen: ((event: Event) => void) | null
  onmessage: ((event: MessageEvent) => void) | null
  onclose: ((event: CloseEvent) => void) | null
}

type Size = { cols: number; rows: number }

export type TerminalConnectionOptions = {
  /** The WebSocket address with a good token, resuming `session` when given. */
  url: (session: string | undefined, size: Size) => Promise<string>
  size: () => Size
  onOutput: (bytes: Uint8Array) => void
  onState: (state: TerminalState) => void
  /** A sentence for a failure to build the address (a declined signature, a refused token). */
  describe: (error: unknown) => string
  open?: (url: string) => SocketLike
}

const OPEN = 1

/**
 * One web terminal: keeps the shell's session id, re-attaches to it after a dropped connection with
 * a growing wait (the agent keeps a session 60 s and replays its recent output), and stops with
 * the agent's reason when a close code means that reconnecting cannot help.
 */
export function connectTerminal(options: TerminalConnectionOptions) {
  const open = options.open ?? ((url: string) => new WebSocket(url) as SocketLike)
  const encoder = new TextEncoder()
  let socket: SocketLike | null = null
  let session: string | undefined
  let attempt = 0
  let exited = false
  let disposed = false
  let timer: ReturnType<typeof setTimeout> | undefined

  const stop = (message: string, ended = false) => {
    disposed = true
    options.onState({ kind: 'closed', message, ended })
  }

  const connect = async () => {
    let url: string
    try {
      url = await options.url(session, options.size())
    } catch (error) {
      if (!disposed) stop(options.describe(error))
      return
    }
    if (disposed) return
    const ws = open(url)
    socket = ws
    ws.binaryType = 'arraybuffer'
    ws.onmessage = (event) => {
      if (typeof event.data === 'string') {
        const control = parseControlFrame(event.data)
        if (control?.type === 'session') {
          session = control.id
          attempt = 0
          options.onState({ kind: 'open', resumed: control.resumed })
          ws.send(resizeFrame(options.size().cols, options.size().rows))
        } else if (control?.type === 'exit') exited = true
      } else if (event.data instanceof ArrayBuffer) options.onOutput(new Uint8Array(event.data))
    }
    ws.onclose = (event) => {
      if (disposed || socket !== ws) return
      socket = null
      const verdict = closeVerdict(event.code, exited)
      if (verdict.action === 'stop') return stop(verdict.message, verdict.ended)
      if (!verdict.resume) session = undefined
      if (attempt >= MAX_RECONNECTS)
        return stop(`The connection to the provider’s agent dropped and ${MAX_RECONNECTS} reconnects failed.`)
      const inMs = reconnectDelayMs(attempt)
      attempt += 1
      options.onState({ kind: 'reconnecting', attempt, inMs })
      timer = setTimeout(() => void connect(), inMs)
    }
  }

  options.onState({ kind: 'connecting' })
  void connect()

  return {
    /** Keys typed or pasted: sent as the terminal's bytes. */
    write(data: string) {
      if (socket?.readyState === OPEN) socket.send(encoder.encode(data))
    },
    resize(cols: number, rows: number) {
      if (socket?.readyState === OPEN) socket.send(resizeFrame(cols, rows))
    },
    close() {
      disposed = true
      clearTimeout(timer)
      socket?.close(1000)
      socket = null
    },
  }
}
