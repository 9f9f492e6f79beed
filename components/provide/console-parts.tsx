import type { ReactNode } from 'react'
import { formatTokenAmount } from '@/lib/format/token-amount'

/** The payment token as amounts are written: "12.5 USDC". */
export type TokenUnit = { symbol: string; decimals: number }

/** An exact token amount; `data-units` carries the raw integer for anyone comparing with the chain. */
export function Amount({ units, unit }: { units: bigint; unit: TokenUnit }) {
  return (
    <span data-units={units.toString()} className="tabular-nums">
      {formatTokenAmount(units, unit.decimals)} {unit.symbol}
    </span>
  )
}

/** One card of the console, titled, with an optional line under the title. */
export function ConsoleSection({
  id,
  title,
  intro,
  children,
}: {
  id: string
  title: string
  intro?: ReactNode
  children: ReactNode
}) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-line bg-surface p-5">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {intro ? <p className="mt-1 text-sm text-muted text-pretty">{intro}</p> : null}
      <div className="mt-4 flex flex-col gap-4">{children}</div>
    </section>
  )
}

/** A label and value pair in a definition list. */
export function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted">{term}</dt>
      <dd className="mt-0.5 break-words font-medium">{children}</dd>
    </div>
  )
}

export const inputStyle =
  'h-9 w-full min-w-0 rounded-md border border-line bg-canvas px-3 text-sm text-fg placeholder:text-muted focus-visible:outline-2 aria-invalid:border-red-500'
