'use client'

import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { LogLine } from '@/lib/protocol/job-logs'
import { type LogBuffer, logText } from '@/lib/rentals/log-buffer'
import { secondaryButton } from '@/lib/ui/button-styles'

const STREAM_STYLE: Record<LogLine['stream'], string> = {
  stdout: '',
  stderr: 'text-rose-300',
  system: 'text-sky-300 italic',
}

/**
 * The job's output as a terminal: follows new lines at the bottom; pausing (or scrolling up) holds
 * the view still while lines keep arriving, counted, until you follow again. Copy takes every line
 * the page holds.
 */
function LogViewContent({ logs, waiting }: { logs: LogBuffer; waiting: string | null }) {
  const [paused, setPaused] = useState<LogBuffer | null>(null)
  const [copied, setCopied] = useState<string | null>(null)
  const box = useRef<HTMLDivElement>(null)
  const shown = paused ?? logs
  const unseen = paused ? logs.next - paused.next : 0

  useLayoutEffect(() => {
    const node = box.current
    if (node && !paused && shown.lines.length > 0) node.scrollTop = node.scrollHeight
  }, [shown, paused])

  useEffect(() => {
    if (!copied) return
    const id = window.setTimeout(() => setCopied(null), 4000)
    return () => window.clearTimeout(id)
  }, [copied])

  // Only the reader's own scrolling pauses: content growing or fonts loading also fire scroll events.
  const reading = useRef(0)
  const noteIntent = () => {
    reading.current = Date.now()
  }
  const onScroll = () => {
    const node = box.current
    if (!node || Date.now() - reading.current > 1000) return
    const atBottom = node.scrollHeight - node.scrollTop - node.clientHeight < 8
    if (!atBottom && !paused) setPaused(logs)
    else if (atBottom && paused) setPaused(null)
  }

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(logText(logs.lines))
      setCopied(`Copied ${logs.lines.length.toLocaleString('en-US')} lines.`)
    } catch {
      setCopied('The browser refused the clipboard: select the lines and copy them instead.')
    }
  }

  return (
    <section aria-labelledby="log-heading" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="log-heading" className="text-lg font-semibold">
          Logs
        </h2>
        <div className="flex items-center gap-2">
          <button
            type="button"
            className={secondaryButton}
            aria-pressed={paused !== null}
            onClick={() => setPaused(paused ? null : logs)}
          >
            {paused ? 'Follow' : 'Pause'}
          </button>
          <button type="button" className={secondaryButton} onClick={copy} disabled={logs.lines.length === 0}>
            Copy logs
          </button>
        </div>
      </div>
      <p className="text-xs text-muted" role="status">
        {copied ??
          (paused
            ? `Paused${unseen > 0 ? `: ${unseen.toLocaleString('en-US')} new line${unseen === 1 ? '' : 's'} below` : ''}.`
            : `${logs.next.toLocaleString('en-US')} line${logs.next === 1 ? '' : 's'}${
                logs.trimmed
                  ? `; the first ${logs.trimmed.toLocaleString('en-US')} are no longer kept here`
                  : ''
              }.`)}
      </p>
      <div
        ref={box}
        role="log"
        aria-live="off"
        aria-label="Job log"
        // Focusable so the keyboard can scroll it.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
        onScroll={onScroll}
        onWheel={noteIntent}
        onTouchStart={noteIntent}
        onPointerDown={noteIntent}
        onKeyDown={noteIntent}
        className="h-80 overflow-auto [overflow-anchor:none] rounded-lg border border-line bg-[#0b0f17] p-3 font-mono text-xs leading-5 text-slate-200"
      >
        {shown.lines.length === 0 ? (
          <p className="text-slate-400">{waiting ?? 'No output yet.'}</p>
        ) : (
          shown.lines.map((line) => (
            <div key={line.seq} className={`whitespace-pre-wrap break-all ${STREAM_STYLE[line.stream]}`}>
              {line.text || '\u00a0'}
            </div>
          ))
        )}
      </div>
    </section>
  )
}

/** Rendered again only when its lines or note change, not on every live event of the page. */
export const LogView = memo(LogViewContent)
