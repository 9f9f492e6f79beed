'use client'

import { FitAddon } from '@xterm/addon-fit'
import { Terminal } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import { useEffect, useRef, useState } from 'react'
import { type AccessToken, terminalUrl } from '@/lib/rentals/agent-access'
import { accessProblem } from '@/lib/rentals/agent-access-errors'
import { connectTerminal, type TerminalState } from '@/lib/rentals/terminal-connection'
import { secondaryButton } from '@/lib/ui/button-styles'

type TerminalScreenProps = { endpoint: string; id: string; getToken: () => Promise<AccessToken> }

const STATE_TEXT: Record<Exclude<TerminalState['kind'], 'closed'>, string> = {
  connecting: 'Connecting…',
  open: 'Connected.',
  reconnecting: 'Connection lost: reconnecting…',
}

/** xterm.js on the agent's terminal WebSocket; loaded only when the renter opens a terminal. */
export function TerminalScreen({ endpoint, id, getToken }: TerminalScreenProps) {
  const box = useRef<HTMLDivElement>(null)
  const screen = useRef<Terminal | null>(null)
  const [state, setState] = useState<TerminalState>({ kind: 'connecting' })
  const [note, setNote] = useState<string | null>(null)

  useEffect(() => {
    const node = box.current
    if (!node) return
    const terminal = new Terminal({
      cursorBlink: true,
      fontSize: 13,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      theme: { background: '#0b0f17' },
    })
    const fit = new FitAddon()
    terminal.loadAddon(fit)
    terminal.open(node)
    const refit = () => {
      // fit() measures the box; a hidden or zero-sized box has nothing to measure.
      if (node.clientWidth > 0 && node.clientHeight > 0) fit.fit()
    }
    refit()
    const link = connectTerminal({
      url: async (session, size) => terminalUrl(endpoint, id, (await getToken()).token, { ...size, session }),
      size: () => ({ cols: terminal.cols, rows: terminal.rows }),
      onOutput: (bytes) => terminal.write(bytes),
      onState: setState,
      describe: accessProblem,
    })
    const typed = terminal.onData((data) => link.write(data))
    const resized = terminal.onResize(({ cols, rows }) => link.resize(cols, rows))
    const observer = new ResizeObserver(refit)
    observer.observe(node)
    screen.current = terminal
    terminal.focus()
    return () => {
      observer.disconnect()
      typed.dispose()
      resized.dispose()
      link.close()
      terminal.dispose()
      screen.current = null
    }
  }, [endpoint, id, getToken])

  const paste = async () => {
    try {
      const text = await navigator.clipboard.readText()
      screen.current?.paste(text)
      screen.current?.focus()
    } catch {
      setNote('The browser did not let the page read the clipboard; press Ctrl+Shift+V (⌘V) in the terminal.')
    }
  }
  const copy = async () => {
    const text = screen.current?.getSelection() ?? ''
    if (text === '') return setNote('Select text in the terminal first.')
    await navigator.clipboard.writeText(text).then(
      () => setNote('Copied.'),
      () => setNote('The browser did not let the page copy; press Ctrl+Shift+C (⌘C).'),
    )
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p role="status" className={state.kind === 'closed' ? 'font-medium' : 'text-muted'}>
          {state.kind === 'closed'
            ? state.message
            : state.kind === 'reconnecting'
              ? `${STATE_TEXT.reconnecting} (try ${state.attempt})`
              : state.kind === 'open' && state.resumed
                ? 'Reconnected to the same shell.'
                : STATE_TEXT[state.kind]}
        </p>
        <div className="flex gap-2">
          <button type="button" className={secondaryButton} onClick={copy}>
            Copy selection
          </button>
          <button type="button" className={secondaryButton} onClick={paste}>
            Paste
          </button>
        </div>
      </div>
      {note ? <p className="text-xs text-muted">{note}</p> : null}
      <div ref={box} className="h-96 overflow-hidden rounded-lg border border-line bg-[#0b0f17] p-2" />
    </div>
  )
}
