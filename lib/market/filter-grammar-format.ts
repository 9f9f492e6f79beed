import { type Clause, type Filter, isTextClause } from './filter-grammar'
import { findField } from './filter-grammar-fields'

/**
 * The canonical spelling of a filter, for stable, shareable URLs: canonical field names, `=` for
 * `:`, values in canonical units (vram in GiB or MiB, duration in d/h/m), lowercase provider
 * prefixes, single spaces, and quotes only where a value needs them. Clauses keep their order.
 * parseFilter(formatFilter(f)) gives f back, apart from raw text and positions.
 */

// A value may start with anything but an operator character; after that only whitespace, quotes
// and commas end or split it.
const BARE_VALUE = /^[^\s",=<>!:][^\s",]*$/
// A free-text word must not read as a clause, so no operator character anywhere.
const BARE_WORD = /^[^\s"=<>!:]+$/
// In a URL parameter whitespace is part of the value; only commas and quotes need quoting.
const BARE_PARAM = /^[^",]+$/

const quote = (text: string) => `"${text.replace(/[\\"]/g, '\\$&')}"`
const quoteIf = (bare: RegExp, text: string) => (bare.test(text) ? text : quote(text))

/** One value as written after an operator: bare when it can be, else double-quoted. */
export const formatValue = (value: string): string => quoteIf(BARE_VALUE, value)

/** A clause's values as written after the operator (or as a URL parameter's value). */
export function formatValues(clause: Clause, forParam = false): string {
  if (isTextClause(clause))
    return clause.values.map((v) => quoteIf(forParam ? BARE_PARAM : BARE_VALUE, v)).join(',')
  const spec = findField(clause.field)
  const format = spec?.kind === 'number' ? spec.format : String
  return clause.values.map((v) => format(v)).join(',')
}

/** One clause in canonical form, e.g. `vram>=80`, `region="US East"`. */
function formatClause(clause: Clause): string {
  return `${clause.field}${clause.op}${formatValues(clause)}`
}

/** The canonical search text of a filter (its sort, which only URL parameters carry, is left out). */
export function formatFilter(filter: Pick<Filter, 'clauses' | 'text'>): string {
  const words = filter.text.filter((word) => word !== '').map((word) => quoteIf(BARE_WORD, word))
  return [...filter.clauses.map(formatClause), ...words].join(' ')
}
