import type { Clause, Filter } from './filter-grammar'
import type { FilterField, FilterOp } from './filter-grammar-fields'

/**
 * The filter menus and inputs beside the search box, each one a view of one kind of clause in the
 * search text. Reading them needs no parser (this file stays out of the grammar's bundle);
 * writing them is withControl in filter-edit.ts.
 */

export type FilterControl = 'gpu' | 'region' | 'minGpus' | 'maxGpuPrice' | 'minReliability'

export const CONTROL_CLAUSES: Readonly<Record<FilterControl, { field: FilterField; op: FilterOp }>> = {
  gpu: { field: 'gpu', op: '=' },
  region: { field: 'region', op: '=' },
  minGpus: { field: 'gpus', op: '>=' },
  maxGpuPrice: { field: 'gpuprice', op: '<=' },
  minReliability: { field: 'reliability', op: '>=' },
}

/** Whether a clause is one the control stands for. */
export const ownedBy = (control: FilterControl) => (clause: Clause) =>
  clause.field === CONTROL_CLAUSES[control].field && clause.op === CONTROL_CLAUSES[control].op

/**
 * What a control shows: its one value, none, or `several` when the text says more than one value
 * can express (`gpu=H100,A100`, two `gpus>=`), with those terms as written.
 */
export type ControlValue<T> = { kind: 'none' } | { kind: 'one'; value: T } | { kind: 'several'; text: string }

export function controlValue(filter: Pick<Filter, 'clauses'>, control: 'gpu' | 'region'): ControlValue<string>
export function controlValue(
  filter: Pick<Filter, 'clauses'>,
  control: Exclude<FilterControl, 'gpu' | 'region'>,
): ControlValue<number>
export function controlValue(
  filter: Pick<Filter, 'clauses'>,
  control: FilterControl,
): ControlValue<string | number> {
  const mine = filter.clauses.filter(ownedBy(control))
  const [only] = mine
  if (!only) return { kind: 'none' }
  const [value] = only.values
  if (mine.length === 1 && only.values.length === 1 && value !== undefined) return { kind: 'one', value }
  return { kind: 'several', text: mine.map((clause) => clause.raw).join(' ') }
}

/**
 * Reads what is typed into a number control: a plain decimal (a leading `$` allowed), at least
 * `min`, at most `max`, whole when `integer`. Undefined when it is not such a number.
 */
export function readNumber(
  text: string,
  { min = 0, max = Number.POSITIVE_INFINITY, integer = false } = {},
): number | undefined {
  const match = /^\$?((?:\d+(?:\.\d*)?|\.\d+))$/.exec(text.trim())
  if (!match) return undefined
  const value = Number(match[1])
  if (!Number.isFinite(value) || value < min || value > max) return undefined
  return integer && !Number.isSafeInteger(value) ? undefined : value
}
