import type { Hash } from 'viem'
import type { WalletProblem } from '@/lib/chain/wallet-errors'

/**
 * The line under a transaction button: what the flow waits for, what went wrong (one sentence from
 * the shared parser), or the hash of the transaction that went through.
 */
export function TransactionFeedback({
  pendingText,
  problem,
  hash,
  done,
}: {
  pendingText: string
  problem: WalletProblem | undefined
  hash?: Hash | undefined
  done?: string
}) {
  if (problem)
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        {problem.message}
      </p>
    )
  return (
    <p aria-live="polite" className="text-sm text-muted empty:hidden">
      {pendingText ||
        (hash ? (
          <>
            {done ?? 'Done.'} Transaction <code className="break-all font-mono text-xs text-fg">{hash}</code>
          </>
        ) : null)}
    </p>
  )
}
