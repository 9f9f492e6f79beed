import { formatDuration } from '@/lib/format/duration'
import { hoursText, MAX_DURATION_SECONDS } from '@/lib/rent/rent-checks'

type DurationFieldProps = {
  hours: string
  onChange: (hours: string) => void
  minDuration: number
  maxDuration: number
  error: string | undefined
  disabled: boolean
}

const PRESETS = [3600, 4 * 3600, 12 * 3600, 24 * 3600, 7 * 86_400]

/** Hours to rent for, typed or picked, within the offer's range. */
export function DurationField({
  hours,
  onChange,
  minDuration,
  maxDuration,
  error,
  disabled,
}: DurationFieldProps) {
  const max = Math.min(maxDuration, MAX_DURATION_SECONDS)
  const presets = PRESETS.filter((seconds) => seconds >= minDuration && seconds <= max)
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor="rent-hours" className="text-sm font-medium">
        Duration in hours
      </label>
      <input
        id="rent-hours"
        inputMode="decimal"
        autoComplete="off"
        value={hours}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby="rent-hours-hint"
        className="h-10 rounded-md border border-line bg-canvas px-3 text-sm tabular-nums aria-invalid:border-red-500 disabled:opacity-60"
      />
      <p
        id="rent-hours-hint"
        className={`text-xs ${error ? 'text-red-700 dark:text-red-300' : 'text-muted'}`}
      >
        {error ?? `From ${formatDuration(minDuration)} to ${formatDuration(max)}.`}
      </p>
      {presets.length > 0 ? (
        <fieldset className="flex flex-wrap gap-1.5" disabled={disabled}>
          <legend className="sr-only">Common durations</legend>
          {presets.map((seconds) => {
            const text = hoursText(seconds)
            return (
              <button
                key={seconds}
                type="button"
                aria-pressed={hours.trim() === text}
                onClick={() => onChange(text)}
                className="h-7 rounded-full border border-line px-2.5 text-xs text-muted hover:bg-subtle aria-pressed:border-accent-text aria-pressed:text-accent-text"
              >
                {formatDuration(seconds)}
              </button>
            )
          })}
        </fieldset>
      ) : null}
    </div>
  )
}
