import type { StepId, StepStatus, StepView } from '@/lib/rent/rent-flow'

const LABELS: Record<StepId, string> = {
  connect: 'Connect your wallet',
  network: 'Switch network',
  'sign-in': 'Sign in with your wallet',
  permit: 'Sign the USDC permit',
  rent: 'Send the rent with the sealed job spec',
}

const STATUS_TEXT: Record<StepStatus, string> = {
  waiting: 'Waiting',
  next: 'Next',
  working: 'In progress',
  done: 'Done',
  failed: 'Failed',
}

const DOT: Record<StepStatus, string> = {
  waiting: 'border-line text-muted',
  next: 'border-accent-text text-accent-text',
  working: 'border-accent-text text-accent-text animate-pulse',
  done: 'border-transparent bg-emerald-600 text-white dark:bg-emerald-500',
  failed: 'border-transparent bg-red-600 text-white dark:bg-red-500',
}

/** The flow's five steps, each with its status in words; shared by the stand-in and the live panel. */
export function RentSteps({ steps, chainName }: { steps: readonly StepView[]; chainName: string }) {
  return (
    <ol aria-label="Rent steps" className="flex flex-col gap-2.5">
      {steps.map((step, index) => {
        const label = step.id === 'network' ? `Switch to ${chainName}` : LABELS[step.id]
        const status = step.status === 'working' && step.activity ? step.activity : STATUS_TEXT[step.status]
        return (
          <li key={step.id} aria-label={label} className="flex gap-3 text-sm">
            <span
              aria-hidden="true"
              className={`mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full border text-[11px] font-semibold tabular-nums ${DOT[step.status]}`}
            >
              {step.status === 'done' ? '✓' : step.status === 'failed' ? '!' : index + 1}
            </span>
            <div className="min-w-0 flex-1">
              <p className={step.status === 'waiting' ? 'text-muted' : 'font-medium'}>{label}</p>
              <p
                data-step-status={step.status}
                className={`text-xs ${step.status === 'failed' ? 'text-red-700 dark:text-red-300' : 'text-muted'}`}
              >
                {status}
              </p>
              {step.error ? (
                <p role="alert" className="mt-1 text-sm text-red-700 text-pretty dark:text-red-300">
                  {step.error.message}
                </p>
              ) : null}
            </div>
          </li>
        )
      })}
    </ol>
  )
}
