'use client'

import { lazy, Suspense, useState } from 'react'
import type { AccessToken } from '@/lib/rentals/agent-access'
import { secondaryButton } from '@/lib/ui/button-styles'

// xterm.js loads when a terminal is opened, never with the page.
const TerminalScreen = lazy(() =>
  import('./terminal-screen').then((module) => ({ default: module.TerminalScreen })),
)

type WebTerminalProps = { endpoint: string; id: string; getToken: () => Promise<AccessToken> }

/** A shell inside the running job, in the page: opened on a click. */
export function WebTerminal(props: WebTerminalProps) {
  const [opened, setOpened] = useState(0)
  if (opened === 0)
    return (
      <button type="button" className={secondaryButton} onClick={() => setOpened(1)}>
        Open a terminal
      </button>
    )
  return (
    <div className="flex flex-col gap-2">
      <Suspense fallback={<p className="text-sm text-muted">Loading the terminal…</p>}>
        <TerminalScreen key={opened} {...props} />
      </Suspense>
      <div className="flex gap-2">
        <button type="button" className={secondaryButton} onClick={() => setOpened(opened + 1)}>
          New connection
        </button>
        <button type="button" className={secondaryButton} onClick={() => setOpened(0)}>
          Close terminal
        </button>
      </div>
    </div>
  )
}
