'use client'

import type { OnExit } from '@/lib/rent/job-spec-draft'

const CHOICES: { value: OnExit; label: string; hint: string }[] = [
  {
    value: 'finish',
    label: 'End the rental and refund the unused time',
    hint: 'For batch jobs: you pay for the seconds the program ran.',
  },
  {
    value: 'keep',
    label: 'Keep the machine until the end',
    hint: 'For servers and interactive work: the rental runs its full time.',
  },
]

/** What the provider does when the job's program exits before the paid time is up. */
export function OnExitChoice(props: { value: OnExit; onChange: (value: OnExit) => void; locked: boolean }) {
  return (
    <fieldset className="flex flex-col gap-1.5" disabled={props.locked}>
      <legend className="mb-1 text-sm font-medium">When the program exits</legend>
      {CHOICES.map((choice) => (
        <label key={choice.value} className="flex items-start gap-2 text-sm has-disabled:opacity-70">
          <input
            type="radio"
            name="job-on-exit"
            value={choice.value}
            checked={props.value === choice.value}
            onChange={() => props.onChange(choice.value)}
            className="mt-1 accent-accent-text"
          />
          <span>
            {choice.label}
            {choice.value === 'finish' ? <span className="text-muted"> (default)</span> : null}
            <span className="block text-xs text-muted">{choice.hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  )
}
