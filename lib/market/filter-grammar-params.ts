import {
  type Clause,
  type Filter,
  type FilterResult,
  type FilterSort,
  MAX_FILTER_LENGTH,
  MAX_FILTER_TERMS,
  parseFilter,
} from './filter-grammar'
import { closestName, FILTER_FIELDS, type FilterOp, findField } from './filter-grammar-fields'
import { formatFilter, formatValues } from './filter-grammar-format'
import { buildClause, FilterFailure, lexValue } from './filter-grammar-values'

/**
 * URL parameters of `GET /api/offers` and of the marketplace page, next to the search text `q`:
 * `<field>=v1,v2` (equality, either value), `<field>_min=v` (>=), `<field>_max=v` (<=) for numeric
 * fields, `sort=<numeric field>` and `order=asc|desc`. `gpu=H100&gpus_min=2&price_max=3&region=EU`.
 * Every parameter is one more clause that must hold, including a repeated one; parameters that
 * are not filters (page, limit…) are left to the route.
 */

const SUFFIXES: Readonly<Record<string, FilterOp>> = { min: '>=', max: '<=' }
const SORT_FIELDS = FILTER_FIELDS.filter((f) => f.kind === 'number').map((f) => f.name)

function paramError(param: string, message: string, start: number, end: number): FilterResult {
  return { ok: false, error: { message, start, end, param } }
}

function parseSort(params: URLSearchParams): FilterSort | FilterResult | undefined {
  const sort = params.get('sort')
  if (sort === null || sort === '') return undefined
  const spec = findField(sort)
  if (spec?.kind !== 'number') {
    const guess = closestName(sort, SORT_FIELDS)
    const hint = guess ? ` (did you mean \`${guess}\`?)` : `; sort by ${SORT_FIELDS.join(', ')}`
    return paramError('sort', `cannot sort by \`${sort}\`${hint}`, 0, sort.length)
  }
  const order = (params.get('order') ?? 'asc').toLowerCase()
  if (order !== 'asc' && order !== 'desc')
    return paramError('order', `\`order\` must be \`asc\` or \`desc\`, got \`${order}\``, 0, order.length)
  return { field: spec.name, order }
}

/** The filter that `q` and the filter parameters describe together; errors name the parameter. */
export function filterFromSearchParams(params: URLSearchParams): FilterResult {
  const clauses: Clause[] = []
  const text: string[] = []
  for (const q of params.getAll('q')) {
    const parsed = parseFilter(q)
    if (!parsed.ok) return { ok: false, error: { ...parsed.error, param: 'q' } }
    clauses.push(...parsed.filter.clauses)
    text.push(...parsed.filter.text)
  }
  let terms = clauses.length + text.length
  for (const [param, value] of params) {
    const match = /^(.+?)(?:_(min|max))?$/.exec(param.toLowerCase())
    const spec = match?.[1] === 'q' ? undefined : findField(match?.[1] ?? '')
    if (!spec) continue
    const suffix = match?.[2]
    if (suffix !== undefined && spec.kind !== 'number')
      return paramError(param, `\`${param}\` is not a filter: \`${spec.name}\` has no range`, 0, value.length)
    if (value.length > MAX_FILTER_LENGTH)
      return paramError(
        param,
        `\`${param}\` is too long (at most ${MAX_FILTER_LENGTH} characters)`,
        0,
        value.length,
      )
    if (++terms > MAX_FILTER_TERMS)
      return paramError(param, `too many filter terms (at most ${MAX_FILTER_TERMS})`, 0, value.length)
    const op = suffix === undefined ? '=' : (SUFFIXES[suffix] ?? '=')
    const site = {
      name: param,
      opText: '=',
      opStart: 0,
      start: 0,
      end: value.length,
      raw: `${param}=${value}`,
      param,
    }
    try {
      clauses.push(buildClause(spec, op, lexValue(value, 0, true, false), site))
    } catch (error) {
      if (error instanceof FilterFailure) return { ok: false, error: { ...error.error, param } }
      throw error
    }
  }
  const sort = parseSort(params)
  if (sort && 'ok' in sort) return sort
  return { ok: true, filter: sort ? { clauses, text, sort } : { clauses, text } }
}

const PARAM_SUFFIX: Partial<Record<FilterOp, string>> = { '=': '', '>=': '_min', '<=': '_max' }

/**
 * The URL parameters of a filter, in a stable order: `q` first, then one parameter per field in the
 * grammar's field order, then `sort` and `order`. A clause becomes a parameter when a parameter can
 * say it alone (`=`, `>=`, `<=`, not repeated for its field); the rest stays in `q`.
 */
export function toSearchParams(filter: Filter): URLSearchParams {
  const nameOf = (clause: Clause) => {
    const suffix = PARAM_SUFFIX[clause.op]
    return suffix === undefined ? undefined : `${clause.field}${suffix}`
  }
  const counts = new Map<string, number>()
  for (const clause of filter.clauses) {
    const name = nameOf(clause)
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  const asParams = new Map<string, string>()
  const inQuery: Clause[] = []
  for (const clause of filter.clauses) {
    const name = nameOf(clause)
    if (name !== undefined && counts.get(name) === 1) asParams.set(name, formatValues(clause, true))
    else inQuery.push(clause)
  }
  const params = new URLSearchParams()
  const q = formatFilter({ clauses: inQuery, text: filter.text })
  if (q !== '') params.set('q', q)
  for (const field of FILTER_FIELDS) {
    for (const suffix of ['', '_min', '_max']) {
      const value = asParams.get(`${field.name}${suffix}`)
      if (value !== undefined) params.set(`${field.name}${suffix}`, value)
    }
  }
  if (filter.sort) {
    params.set('sort', filter.sort.field)
    params.set('order', filter.sort.order)
  }
  return params
}
