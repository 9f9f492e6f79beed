'use client'

import { type FormEvent, useId, useState } from 'react'
import type { Hash } from 'viem'
import type { WalletProblem } from '@/lib/chain/wallet-errors'
import type { CallStage } from '@/lib/provide/market-calls'
import type { Checked } from '@/lib/provide/provider-forms'
import { stageText } from '@/lib/provide/use-provider-actions'
import { secondaryButton } from '@/lib/ui/button-styles'
import { inputStyle } from './console-parts'
import { TransactionFeedback } from './transaction-feedback'

type Action<T> = {
  run: (value: T) => void
  pending: boolean
  stage: CallStage | null
  result: Hash | undefined
  problem: WalletProblem | undefined
}

type AmountActionFormProps<T> = {
  label: string
  button: string
  done: string
  placeholder: string
  check: (text: string) => Checked<T>
  action: Action<T>
  /** Why the action cannot be taken now (the field and button are disabled), if it cannot. */
  blocked?: string | undefined
}

/** One field and one button for a transaction that takes a value (add stake, withdraw, new endpoint). */
export function AmountActionForm<T>({
  label,
  button,
  done,
  placeholder,
  check,
  action,
  blocked,
}: AmountActionFormProps<T>) {
  const id = useId()
  const [text, setText] = useState('')
  const [error, setError] = useState<string>()

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = check(text)
    setError(checked.ok ? undefined : checked.message)
    if (checked.ok) action.run(checked.value)
  }

  const help = error ?? blocked
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          className={inputStyle}
          placeholder={placeholder}
          value={text}
          onChange={(event) => setText(event.target.value)}
          disabled={blocked !== undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={help ? `${id}-help` : undefined}
        />
        <button type="submit" className={secondaryButton} disabled={action.pending || blocked !== undefined}>
          {action.pending ? 'Sending…' : button}
        </button>
      </div>
      {help ? (
        <p
          id={`${id}-help`}
          className={error ? 'text-sm text-red-700 dark:text-red-400' : 'text-xs text-muted'}
        >
          {help}
        </p>
      ) : null}
      <TransactionFeedback
        pendingText={stageText(action.stage)}
        problem={action.problem}
        hash={action.result}
        done={done}
      />
    </form>
  )
}
