import type { StatusTone } from '@/lib/rentals/rental-clock'

const TONES: Record<StatusTone, string> = {
  success: 'border-emerald-600/40 bg-emerald-500/10 text-emerald-800 dark:text-emerald-300',
  info: 'border-sky-600/40 bg-sky-500/10 text-sky-800 dark:text-sky-300',
  warning: 'border-amber-600/40 bg-amber-500/10 text-amber-900 dark:text-amber-300',
  danger: 'border-rose-600/40 bg-rose-500/10 text-rose-800 dark:text-rose-300',
  neutral: 'border-line bg-subtle text-muted',
}

/** A rental's status as a word in a pill; the colour repeats what the word says, never replaces it. */
export function StatusBadge({ label, tone }: { label: string; tone: StatusTone }) {
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-xs font-medium ${TONES[tone]}`}
    >
      {tone === 'success' ? <span aria-hidden="true" className="size-1.5 rounded-full bg-current" /> : null}
      {label}
    </span>
  )
}
