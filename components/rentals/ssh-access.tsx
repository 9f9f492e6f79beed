'use client'

import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { readAgentHealth, sshCommand } from '@/lib/rentals/agent-access'
import { accessProblem } from '@/lib/rentals/agent-access-errors'
import { secondaryButton } from '@/lib/ui/button-styles'

/**
 * The SSH command for a running rental, with the host key to check, when the provider runs SSH. What
 * SSH accepts is said at once, with the page; the command and host key follow the agent's answer.
 */
export function SshAccess({ endpoint, id }: { endpoint: string; id: string }) {
  const health = useQuery({
    queryKey: ['agent-health', endpoint],
    queryFn: () => readAgentHealth(endpoint),
    staleTime: 60_000,
    retry: 1,
  })
  const ssh = health.data?.ssh
  return (
    <div className="flex flex-col gap-2 text-sm">
      {health.data && !ssh ? null : (
        <p className="text-muted">
          SSH takes only the public key your job spec carried (<code>sshPublicKey</code>). If you rented
          without one, the agent refuses every key: use the web terminal below.
        </p>
      )}
      {health.isPending ? (
        <p className="text-muted">Asking the provider’s agent about SSH…</p>
      ) : health.error ? (
        <p role="alert">SSH: {accessProblem(health.error)}</p>
      ) : ssh ? (
        <SshCommand command={sshCommand(endpoint, id, ssh.port)} hostKey={ssh.hostKeyFingerprint} />
      ) : (
        <p className="text-muted">This provider does not offer SSH; use the web terminal.</p>
      )}
    </div>
  )
}

function SshCommand({ command, hostKey }: { command: string; hostKey: string }) {
  const [copied, setCopied] = useState<string | null>(null)
  const copy = () =>
    navigator.clipboard.writeText(command).then(
      () => setCopied('Copied.'),
      () => setCopied('The browser did not let the page copy; select the command instead.'),
    )
  return (
    <>
      <div className="flex flex-wrap items-center gap-2">
        {/* The user name is the rental's 66-character id: on a phone the command wraps inside its box. */}
        <code className="max-w-full rounded-md border border-line bg-subtle px-2 py-1.5 font-mono text-xs break-all select-all">
          {command}
        </code>
        <button type="button" className={secondaryButton} onClick={copy}>
          Copy
        </button>
        <span role="status" className="text-xs text-muted">
          {copied}
        </span>
      </div>
      <p className="text-muted">
        Host key: <code className="font-mono text-xs break-all">{hostKey}</code> (compare with what ssh shows
        on the first connection).
      </p>
    </>
  )
}
