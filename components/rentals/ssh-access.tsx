'use client'

import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { readAgentHealth, sshCommand } from '@/lib/rentals/agent-access'
import { accessProblem } from '@/lib/rentals/agent-access-errors'
import { secondaryButton } from '@/lib/ui/button-styles'

/** The SSH command for a running rental, with the host key to check, when the provider runs SSH. */
export function SshAccess({ endpoint, id }: { endpoint: string; id: string }) {
  const health = useQuery({
    queryKey: ['agent-health', endpoint],
    queryFn: () => readAgentHealth(endpoint),
    staleTime: 60_000,
    retry: 1,
  })
  const [copied, setCopied] = useState<string | null>(null)

  if (health.isPending) return <p className="text-sm text-muted">Asking the provider’s agent about SSH…</p>
  if (health.error)
    return (
      <p role="alert" className="text-sm">
        SSH: {accessProblem(health.error)}
      </p>
    )
  const ssh = health.data.ssh
  if (!ssh)
    return <p className="text-sm text-muted">This provider does not offer SSH; use the web terminal.</p>
  const command = sshCommand(endpoint, id, ssh.port)
  const copy = () =>
    navigator.clipboard.writeText(command).then(
      () => setCopied('Copied.'),
      () => setCopied('The browser did not let the page copy; select the command instead.'),
    )
  return (
    <div className="flex flex-col gap-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <code className="rounded-md border border-line bg-subtle px-2 py-1.5 font-mono text-xs select-all">
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
        Host key: <code className="font-mono text-xs break-all">{ssh.hostKeyFingerprint}</code> (compare with
        what ssh shows on the first connection).
      </p>
      <p className="text-muted">
        SSH takes only the public key your job spec carried (<code>sshPublicKey</code>). If you rented without
        one, the agent refuses every key: use the web terminal below.
      </p>
    </div>
  )
}
