'use client'

import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { listPorts, portBaseUrl, portPageUrl } from '@/lib/rentals/agent-access'
import { AgentAccessError, accessProblem } from '@/lib/rentals/agent-access-errors'
import { secondaryButton } from '@/lib/ui/button-styles'

const POLL_MS = 4000

type PortListProps = { endpoint: string; id: string; token: string; onRefused: (message: string) => void }

/** The job's listening ports, each opened through the agent's proxy in a new tab or called by a program. */
export function PortList({ endpoint, id, token, onRefused }: PortListProps) {
  const ports = useQuery({
    queryKey: ['rental-ports', endpoint, id, token],
    queryFn: () => listPorts(endpoint, id, token),
    refetchInterval: POLL_MS,
    retry: false,
  })
  const [shown, setShown] = useState<number | null>(null)
  const error = ports.error
  useEffect(() => {
    if (error instanceof AgentAccessError && error.kind === 'refused') onRefused(error.message)
  }, [error, onRefused])

  if (ports.isPending) return <p className="text-sm text-muted">Looking for ports the job listens on…</p>
  if (error)
    return (
      <p role="alert" className="text-sm">
        {accessProblem(error)}
      </p>
    )
  if (ports.data.length === 0)
    return (
      <p className="text-sm text-muted">The job listens on no TCP port yet (checked every few seconds).</p>
    )
  return (
    <ul className="flex flex-col gap-2 text-sm">
      {ports.data.map((port) => (
        <li key={port} className="flex flex-col gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="w-16 font-mono">{port}</span>
            <a
              className={secondaryButton}
              href={portPageUrl(endpoint, id, port, token)}
              target="_blank"
              rel="noopener noreferrer"
            >
              Open
            </a>
            <button
              type="button"
              className={secondaryButton}
              aria-expanded={shown === port}
              onClick={() => setShown(shown === port ? null : port)}
            >
              For programs
            </button>
          </div>
          {shown === port ? <ForPrograms base={portBaseUrl(endpoint, id, port)} token={token} /> : null}
        </li>
      ))}
    </ul>
  )
}

function ForPrograms({ base, token }: { base: string; token: string }) {
  const text = [
    `curl -H "Authorization: Bearer ${token}" ${base}`,
    '# an OpenAI-style server (vLLM, …) in the job:',
    `OPENAI_BASE_URL=${base}v1 OPENAI_API_KEY=${token}`,
  ].join('\n')
  const [copied, setCopied] = useState(false)
  return (
    <div className="flex flex-col gap-1">
      <pre className="overflow-x-auto rounded-md border border-line bg-subtle p-2 font-mono text-xs">
        {text}
      </pre>
      <div className="flex items-center gap-2">
        <button
          type="button"
          className={secondaryButton}
          onClick={() => navigator.clipboard.writeText(text).then(() => setCopied(true))}
        >
          Copy
        </button>
        <span role="status" className="text-xs text-muted">
          {copied ? 'Copied. ' : ''}The token expires in at most 10 minutes; get a new one here.
        </span>
      </div>
    </div>
  )
}
