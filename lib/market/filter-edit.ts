import { type FilterControl, ownedBy } from './control-value'
import type { Clause, Filter } from './filter-grammar'
import { formatFilter } from './filter-grammar-format'

/** Writing the filter controls into the search text (reading them is control-value.ts). */

function clauseFor(control: FilterControl, value: string | number | undefined): Clause | undefined {
  const site = { raw: '', start: 0, end: 0 }
  if (typeof value === 'string') {
    if (value === '' || (control !== 'gpu' && control !== 'region')) return undefined
    return { ...site, field: control, op: '=', values: [value] }
  }
  if (value === undefined || !Number.isFinite(value)) return undefined
  switch (control) {
    case 'minGpus':
      return { ...site, field: 'gpus', op: '>=', values: [value] }
    case 'maxGpuPrice':
      return { ...site, field: 'gpuprice', op: '<=', values: [value] }
    case 'minReliability':
      return { ...site, field: 'reliability', op: '>=', values: [value] }
    default:
      return undefined
  }
}

/**
 * The search text with the control's clauses replaced by one holding `value` (or removed, for
 * undefined). The new clause takes the place of the first one it replaces, else goes last.
 */
export function withControl(
  filter: Pick<Filter, 'clauses' | 'text'>,
  control: FilterControl,
  value: string | number | undefined,
): string {
  const replacement = clauseFor(control, value)
  const clauses: Clause[] = []
  let placed = false
  for (const clause of filter.clauses) {
    if (!ownedBy(control)(clause)) clauses.push(clause)
    else if (!placed && replacement) {
      clauses.push(replacement)
      placed = true
    }
  }
  if (!placed && replacement) clauses.push(replacement)
  return formatFilter({ clauses, text: filter.text })
}
