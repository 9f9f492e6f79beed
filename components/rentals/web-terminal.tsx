'use client'

import { lazy, Suspense, useState } from 'react'
import type { AccessToken } from '@/lib/rentals/agent-access'
import { secondaryButton } from '@/lib/ui/button-styles'

// xterm.js loads when a terminal is opened, never with the page.
const TerminalScreen = lazy(() =>
  import('./terminal-screen').then((module) => ({ default: module.TerminalScreen })),
)

type WebTerminalProps = {
  endpoint: string
  id: string
  getToken: () => Promise<AccessToken>
  /** Whether the rental runs: once it ended, an open terminal stays to show why it closed, and no new one opens. */
  running: boolean
  /** Told whether a terminal is open on the page. */
  onOpened?: (opened: boolean) => void
}

/** A shell inside the running job, in the page: opened on a click. */
export function WebTerminal({ running, onOpened, ...props }: WebTerminalProps) {
  const [opened, setOpened] = useState(0)
  const open = (next: number) => {
    setOpened(next)
    onOpened?.(next > 0)
  }
  if (opened === 0)
    return running ? (
      <button type="button" className={secondaryButton} onClick={() => open(1)}>
        Open a terminal
      </button>
    ) : null
  return (
    <div className="flex flex-col gap-2">
      <Suspense fallback={<p className="text-sm text-muted">Loading the terminal…</p>}>
        <TerminalScreen key={opened} {...props} />
      </Suspense>
      <div className="flex gap-2">
        {running ? (
          <button type="button" className={secondaryButton} onClick={() => open(opened + 1)}>
            New connection
          </button>
        ) : null}
        <button type="button" className={secondaryButton} onClick={() => open(0)}>
          Close terminal
        </button>
      </div>
    </div>
  )
}
