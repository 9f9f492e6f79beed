import type { Hash } from 'viem'
import type { WalletProblem } from '@/lib/chain/wallet-errors'
import type { CallStage } from '@/lib/rentals/rental-calls'
import { secondaryButton } from '@/lib/ui/button-styles'

export const STAGES: Record<CallStage, string> = {
  switching: 'Switch your wallet to the market’s network…',
  approving: 'Step 1 of 2: allow the market to take the extra deposit (confirm in your wallet)…',
  'approval-mining': 'Waiting for the allowance to be mined…',
  confirming: 'Confirm the transaction in your wallet…',
  mining: 'Waiting for the transaction to be mined…',
}

type Call = {
  stage: CallStage | null
  hash: Hash | undefined
  problem: WalletProblem | undefined
  reset: () => void
}

/** Where one transaction is: its stage, the hash once mined, or the problem in one sentence. */
export function CallFeedback({ call, done }: { call: Call; done: string }) {
  return (
    <div aria-live="polite" className="text-sm">
      {call.stage ? <p role="status">{STAGES[call.stage]}</p> : null}
      {!call.stage && call.hash ? (
        <p role="status">
          {done} in transaction <code className="font-mono break-all">{call.hash}</code>. The page updates
          once the market indexes it.{' '}
          <button type="button" className="text-accent-text underline" onClick={call.reset}>
            Dismiss
          </button>
        </p>
      ) : null}
      {!call.stage && call.problem ? (
        <p role="alert" className="text-rose-700 dark:text-rose-300">
          {call.problem.message}{' '}
          <button type="button" className={`${secondaryButton} ml-1 h-7`} onClick={call.reset}>
            Dismiss
          </button>
        </p>
      ) : null}
    </div>
  )
}
