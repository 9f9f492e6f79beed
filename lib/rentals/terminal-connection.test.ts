import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { connectTerminal, type SocketLike, type TerminalState } from './terminal-connection'

class FakeSocket implements SocketLike {
  binaryType: BinaryType = 'blob'
  readyState = 0
  sent: (string | Uint8Array)[] = []
  closedWith: number | undefined
  onopen: SocketLike['onopen'] = null
  onmessage: SocketLike['onmessage'] = null
  onclose: SocketLike['onclose'] = null
  constructor(readonly url: string) {}
  send(data: string | Uint8Array) {
    this.sent.push(data)
  }
  close(code?: number) {
    this.closedWith = code
  }
  accept(id: string, resumed = false) {
    this.readyState = 1
    this.onmessage?.({ data: JSON.stringify({ type: 'session', id, resumed }) } as MessageEvent)
  }
  drop(code: number) {
    this.readyState = 3
    this.onclose?.({ code } as CloseEvent)
  }
}

const SESSION = 'c0ffee'.padEnd(32, '0')

function setup(
  url = vi.fn(async (session: string | undefined) => `ws://agent/terminal?session=${session ?? ''}`),
) {
  const sockets: FakeSocket[] = []
  const states: TerminalState[] = []
  const output: string[] = []
  const terminal = connectTerminal({
    url,
    size: () => ({ cols: 100, rows: 30 }),
    onOutput: (bytes) => output.push(new TextDecoder().decode(bytes)),
    onState: (state) => states.push(state),
    describe: (error) => `failed: ${(error as Error).message}`,
    open: (address) => {
      const socket = new FakeSocket(address)
      sockets.push(socket)
      return socket
    },
  })
  return { terminal, sockets, states, output, url }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('connectTerminal', () => {
  it('opens, sends its size, and carries bytes both ways', async () => {
    const { terminal, sockets, states, output } = setup()
    await vi.advanceTimersByTimeAsync(0)
    const socket = sockets[0] as FakeSocket
    expect(socket.binaryType).toBe('arraybuffer')
    socket.accept(SESSION)
    expect(states.at(-1)).toEqual({ kind: 'open', resumed: false })
    expect(socket.sent).toEqual([JSON.stringify({ type: 'resize', cols: 100, rows: 30 })])
    socket.onmessage?.({ data: new TextEncoder().encode('$ ').buffer } as MessageEvent)
    expect(output).toEqual(['$ '])
    terminal.write('ls\r')
    expect(socket.sent[1]).toEqual(new TextEncoder().encode('ls\r'))
    terminal.resize(5000, 0)
    expect(socket.sent[2]).toBe(JSON.stringify({ type: 'resize', cols: 1000, rows: 1 }))
  })

  it('reconnects after a drop with the session id, after a growing wait', async () => {
    const { sockets, states, url } = setup()
    await vi.advanceTimersByTimeAsync(0)
    sockets[0]?.accept(SESSION)
    sockets[0]?.drop(1006)
    expect(states.at(-1)).toEqual({ kind: 'reconnecting', attempt: 1, inMs: 500 })
    await vi.advanceTimersByTimeAsync(499)
    expect(sockets).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(url).toHaveBeenLastCalledWith(SESSION, { cols: 100, rows: 30 })
    sockets[1]?.drop(1006)
    expect(states.at(-1)).toEqual({ kind: 'reconnecting', attempt: 2, inMs: 1000 })
    await vi.advanceTimersByTimeAsync(1000)
    sockets[2]?.accept(SESSION, true)
    expect(states.at(-1)).toEqual({ kind: 'open', resumed: true })
    // A successful resume resets the wait.
    sockets[2]?.drop(1006)
    expect(states.at(-1)).toEqual({ kind: 'reconnecting', attempt: 1, inMs: 500 })
  })

  it('stops with a clear message when the rental ended', async () => {
    const { sockets, states } = setup()
    await vi.advanceTimersByTimeAsync(0)
    sockets[0]?.accept(SESSION)
    sockets[0]?.drop(4001)
    expect(states.at(-1)).toEqual({
      kind: 'closed',
      message: 'The rental ended, so its terminal is closed.',
      ended: true,
    })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(sockets).toHaveLength(1)
  })

  it('starts a new shell when the session is unknown, and stops after the shell exits', async () => {
    const { sockets, states, url } = setup()
    await vi.advanceTimersByTimeAsync(0)
    sockets[0]?.accept(SESSION)
    sockets[0]?.drop(4004)
    await vi.advanceTimersByTimeAsync(500)
    expect(url).toHaveBeenLastCalledWith(undefined, { cols: 100, rows: 30 })
    sockets[1]?.accept(SESSION)
    sockets[1]?.onmessage?.({ data: JSON.stringify({ type: 'exit', code: 0 }) } as MessageEvent)
    sockets[1]?.drop(1000)
    expect(states.at(-1)).toMatchObject({ kind: 'closed', message: expect.stringMatching(/shell exited/) })
  })

  it('gives up after 8 failed reconnects, and names a failure to get a token', async () => {
    const { sockets, states } = setup()
    await vi.advanceTimersByTimeAsync(0)
    for (let i = 0; i < 9; i++) {
      sockets.at(-1)?.drop(1006)
      await vi.advanceTimersByTimeAsync(10_000)
    }
    expect(states.at(-1)).toMatchObject({
      kind: 'closed',
      message: expect.stringMatching(/8 reconnects failed/),
    })

    const refused = setup(vi.fn(async () => Promise.reject(new Error('signature declined'))))
    await vi.advanceTimersByTimeAsync(0)
    expect(refused.states.at(-1)).toEqual({
      kind: 'closed',
      message: 'failed: signature declined',
      ended: false,
    })
  })

  it('closes its socket and never reconnects once closed by the page', async () => {
    const { terminal, sockets } = setup()
    await vi.advanceTimersByTimeAsync(0)
    sockets[0]?.accept(SESSION)
    terminal.close()
    expect(sockets[0]?.closedWith).toBe(1000)
    sockets[0]?.drop(1000)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(sockets).toHaveLength(1)
  })
})
