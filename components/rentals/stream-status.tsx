import type { StreamConnection } from '@/lib/rentals/use-rental-events'
import { secondaryButton } from '@/lib/ui/button-styles'

const WORDS: Record<StreamConnection, string> = {
  connecting: 'Connecting to live updates…',
  open: 'Live',
  reconnecting: 'Connection lost; reconnecting…',
  closed: 'Live updates stopped.',
  ended: 'Finished: nothing more will come.',
}

/** Whether the page is following the rental live, and why the agent's side is missing if it is. */
export function StreamStatus({
  connection,
  agentError,
  onRetry,
}: {
  connection: StreamConnection
  agentError: string | null
  onRetry: () => void
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-muted" role="status">
      <span className="inline-flex items-center gap-1.5">
        <span
          aria-hidden="true"
          className={`size-2 rounded-full ${connection === 'open' ? 'bg-emerald-500' : connection === 'ended' ? 'bg-line' : 'bg-amber-500'}`}
        />
        {WORDS[connection]}
      </span>
      {connection === 'closed' ? (
        <button type="button" className={`${secondaryButton} h-7`} onClick={onRetry}>
          Reconnect
        </button>
      ) : null}
      {agentError && connection !== 'ended' ? <span>The provider’s agent: {agentError}</span> : null}
    </div>
  )
}
