import { FILTER_FIELDS, type FieldSpec, findField } from './filter-grammar-fields'
import { formatValue } from './filter-grammar-format'
import { isSpace, OP_CHARS, readOp } from './filter-grammar-values'
import { GPU_MODELS } from './gpu-catalog'

/**
 * Completions for the search box. Each suggestion replaces `input.slice(start, end)` with
 * `insert`; `label` is what the list shows and `detail` a short explanation.
 */
export interface FilterSuggestion {
  readonly kind: 'field' | 'operator' | 'value'
  readonly label: string
  readonly insert: string
  readonly start: number
  readonly end: number
  readonly detail?: string
}

export interface SuggestionOptions {
  /** Regions offered after `region=`, e.g. those of the offers on screen. */
  readonly regions?: readonly string[]
}

const VALUE_LIMIT = 8
const TEXT_OPS = ['=', '!=']
const NUMBER_OPS = ['=', '!=', '<', '<=', '>', '>=']
const compact = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '')

interface Candidate {
  readonly value: string
  readonly detail: string
  readonly keys: readonly string[]
}

let gpuCandidates: readonly Candidate[] | undefined
/** Each family (matches all its models) followed by its canonical ids, in catalog order. */
function gpuValues(): readonly Candidate[] {
  if (gpuCandidates) return gpuCandidates
  const list: Candidate[] = []
  const families = new Set<string>()
  for (const model of GPU_MODELS) {
    if (!families.has(model.family)) {
      families.add(model.family)
      list.push({ value: model.family, detail: `any ${model.family}`, keys: [compact(model.family)] })
    }
    list.push({ value: model.id, detail: model.name, keys: [compact(model.id), compact(model.name)] })
  }
  gpuCandidates = list
  return list
}

/** Start of the term the cursor is in: after the last whitespace outside quotes. */
function termStart(input: string, cursor: number): number {
  let start = 0
  let inQuote = false
  for (let i = 0; i < cursor; i++) {
    const ch = input[i]
    if (inQuote && ch === '\\') i++
    else if (ch === '"') inQuote = !inQuote
    else if (!inQuote && isSpace(ch)) start = i + 1
  }
  return start
}

/** The list item around the cursor: its start, end, and the unquoted text before the cursor. */
function itemAt(input: string, valueStart: number, cursor: number) {
  let start = valueStart
  let prefix = ''
  let inQuote = false
  let i = valueStart
  for (; i < input.length; i++) {
    const ch = input[i] ?? ''
    if (!inQuote && (isSpace(ch) || ch === ',')) {
      if (i >= cursor) break
      start = i + 1
      prefix = ''
    } else if (inQuote && ch === '\\') {
      if (i + 1 < cursor) prefix += input[i + 1] ?? ''
      i++
    } else if (ch === '"') inQuote = !inQuote
    else if (i < cursor) prefix += ch
  }
  return { start, end: i, prefix }
}

function fieldSuggestions(typed: string, start: number, end: number): FilterSuggestion[] {
  const prefix = compact(typed)
  const result: FilterSuggestion[] = []
  const exact = prefix === '' ? undefined : findField(typed)
  if (exact) {
    for (const op of exact.kind === 'text' ? TEXT_OPS : NUMBER_OPS)
      result.push({ kind: 'operator', label: `${typed}${op}`, insert: `${typed}${op}`, start, end })
  }
  for (const field of FILTER_FIELDS) {
    const name = [field.name, ...field.aliases].find((n) => n.startsWith(prefix))
    if (name !== undefined && field !== exact)
      result.push({ kind: 'field', label: name, insert: name, start, end, detail: field.description })
  }
  return result
}

function valueSuggestions(
  field: FieldSpec,
  input: string,
  valueStart: number,
  cursor: number,
  options: SuggestionOptions,
) {
  const { start, end, prefix } = itemAt(input, valueStart, cursor)
  const wanted = compact(prefix)
  const candidates =
    field.name === 'gpu'
      ? gpuValues()
      : field.name === 'region'
        ? (options.regions ?? []).map((r) => ({ value: r, detail: 'region', keys: [compact(r)] }))
        : field.kind === 'text'
          ? (field.choices ?? []).map((c) => ({ ...c, keys: [c.value] }))
          : []
  const result: FilterSuggestion[] = []
  for (const c of candidates) {
    if (result.length === VALUE_LIMIT) break
    if (c.keys.some((key) => key.startsWith(wanted)) && !result.some((s) => s.label === c.value))
      result.push({
        kind: 'value',
        label: c.value,
        insert: formatValue(c.value),
        start,
        end,
        detail: c.detail,
      })
  }
  return result
}

/**
 * Completions at `cursor`: field names at the start of a term, operators after a field name, and
 * for `gpu=`, `region=`, `access=` and `isolation=` values (catalog families and model ids; the
 * given regions; the ways in and the runners), at most 8.
 */
export function suggestions(
  input: string,
  cursor: number,
  options: SuggestionOptions = {},
): FilterSuggestion[] {
  const at = Math.max(0, Math.min(cursor, input.length))
  const start = termStart(input, at)
  let fieldEnd = start
  while (fieldEnd < at && /[A-Za-z0-9_-]/.test(input[fieldEnd] ?? '')) fieldEnd++
  if (fieldEnd === at) return fieldSuggestions(input.slice(start, at), start, at)
  const field = findField(input.slice(start, fieldEnd))
  if (!field || !OP_CHARS.has(input[fieldEnd] ?? '')) return []
  let opEnd = fieldEnd
  while (opEnd < at && OP_CHARS.has(input[opEnd] ?? '')) opEnd++
  const op = readOp(input, fieldEnd)
  const opComplete = op !== undefined && fieldEnd + op.text.length === opEnd
  if (opEnd === at && (field.kind === 'number' || !opComplete)) {
    const name = input.slice(start, fieldEnd)
    const typedOp = input.slice(fieldEnd, at)
    return (field.kind === 'text' ? TEXT_OPS : NUMBER_OPS)
      .filter((o) => o.startsWith(typedOp))
      .map(
        (o): FilterSuggestion => ({
          kind: 'operator',
          label: `${name}${o}`,
          insert: `${name}${o}`,
          start,
          end: at,
        }),
      )
  }
  if (!op || (op.op !== '=' && op.op !== '!=')) return []
  return valueSuggestions(field, input, fieldEnd + op.text.length, at, options)
}
