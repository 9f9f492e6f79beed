import {
  closestName,
  FILTER_FIELDS,
  type FilterOp,
  findField,
  type NumericField,
  type TextField,
} from './filter-grammar-fields'
import {
  buildClause,
  checkOp,
  FilterFailure,
  fail,
  isSpace,
  lexValue,
  OP_CHARS,
  readOp,
} from './filter-grammar-values'

/**
 * The offer search grammar: `gpu=H100 gpus>=2 price<3 vram>=80 cpus>=16 ram>=128 disk>=500
 * region=EU reliability>0.95 access=ssh,ports isolation=sandbox,container h100`.
 * Terms are separated by whitespace; a term is `field op value` or a bare word searched in the GPU
 * model. Values may be double-quoted (`region="US East"`, with `\"` and `\\` inside quotes) and
 * listed with commas after `=`/`!=` (`gpu=H100,A100` means either; `access=ssh,ports` means both,
 * as an offer gives several ways in). Positions are UTF-16 indices
 * into the input, as JavaScript strings and the browser's selection APIs count them.
 */

export const MAX_FILTER_LENGTH = 1000
export const MAX_FILTER_TERMS = 32

interface ClauseBase {
  /** The term as written (for clauses from URL parameters, `name=value`). */
  readonly raw: string
  readonly start: number
  readonly end: number
  /** Set when the clause came from a URL parameter; start/end are then positions in its value. */
  readonly param?: string
}
export interface TextClause extends ClauseBase {
  readonly field: TextField
  readonly op: '=' | '!='
  readonly values: readonly string[]
}
/** Values are in the field's unit: USD, MiB (vram, ram, disk), cores, hours (duration), 0..1 (reliability). */
export interface NumericClause extends ClauseBase {
  readonly field: NumericField
  readonly op: FilterOp
  /** One value for `<`, `<=`, `>`, `>=`; one or more (either of them) for `=` and `!=`. */
  readonly values: readonly number[]
}
export type Clause = TextClause | NumericClause

const TEXT_FIELDS: ReadonlySet<string> = new Set(
  FILTER_FIELDS.filter((f) => f.kind === 'text').map((f) => f.name),
)

/** Narrows a clause by its field (TypeScript cannot narrow on a union-typed discriminant). */
export const isTextClause = (clause: Clause): clause is TextClause => TEXT_FIELDS.has(clause.field)

export interface FilterSort {
  readonly field: NumericField
  readonly order: 'asc' | 'desc'
}
export interface Filter {
  /** All must hold. */
  readonly clauses: readonly Clause[]
  /** Free-text words, each searched in the GPU model id, name and family. */
  readonly text: readonly string[]
  /** Only from URL parameters (`sort`, `order`); the grammar itself has no sort. */
  readonly sort?: FilterSort
}
export interface FilterError {
  /** A sentence naming the problem, e.g. "`price` needs a number, got `abc`". */
  readonly message: string
  readonly start: number
  readonly end: number
  /** The URL parameter the positions refer to (`q` for the search text). */
  readonly param?: string
}
export type FilterResult =
  | { readonly ok: true; readonly filter: Filter }
  | { readonly ok: false; readonly error: FilterError }

const FIELD_CHAR = /[A-Za-z0-9_-]/

type Term = { kind: 'text'; text: string; end: number } | { kind: 'clause'; clause: Clause; end: number }

function readTerm(input: string, start: number): Term {
  let fieldEnd = start
  while (fieldEnd < input.length && FIELD_CHAR.test(input[fieldEnd] ?? '')) fieldEnd++
  if (!OP_CHARS.has(input[fieldEnd] ?? '')) {
    const word = lexValue(input, start, false)
    return { kind: 'text', text: word.items[0]?.text ?? '', end: word.end }
  }
  const op = readOp(input, fieldEnd)
  const opText = op?.text ?? input[fieldEnd] ?? ''
  if (fieldEnd === start) throw fail(`missing field name before \`${opText}\``, start, start + opText.length)
  const name = input.slice(start, fieldEnd)
  const spec = findField(name)
  if (!spec) {
    const guess = closestName(name)
    const hint = guess
      ? ` (did you mean \`${guess}\`?)`
      : `; fields are ${FILTER_FIELDS.map((f) => f.name).join(', ')}`
    throw fail(`unknown field \`${name}\`${hint}`, start, fieldEnd)
  }
  if (!op) throw fail('`!` must be followed by `=`', fieldEnd, fieldEnd + 1)
  checkOp(spec, op.op, { name, opText, opStart: fieldEnd })
  const valueStart = fieldEnd + opText.length
  const next = input[valueStart]
  if (next !== undefined && OP_CHARS.has(next))
    throw fail(`unexpected \`${next}\` after \`${name}${opText}\``, valueStart, valueStart + 1)
  const value = lexValue(input, valueStart, true)
  const site = { name, opText, opStart: fieldEnd, start, end: value.end, raw: input.slice(start, value.end) }
  return { kind: 'clause', clause: buildClause(spec, op.op, value, site), end: value.end }
}

function parseTerms(input: string): Filter {
  if (input.length > MAX_FILTER_LENGTH)
    throw fail(
      `the search is too long (${input.length} characters; at most ${MAX_FILTER_LENGTH})`,
      MAX_FILTER_LENGTH,
      input.length,
    )
  const clauses: Clause[] = []
  const text: string[] = []
  let terms = 0
  for (let i = 0; i < input.length; ) {
    if (isSpace(input[i])) {
      i++
      continue
    }
    if (++terms > MAX_FILTER_TERMS)
      throw fail(`too many terms (at most ${MAX_FILTER_TERMS})`, i, input.trimEnd().length)
    const term = readTerm(input, i)
    if (term.kind === 'clause') clauses.push(term.clause)
    else if (term.text !== '') text.push(term.text)
    i = term.end
  }
  return { clauses, text }
}

/** Parses a search; never throws. */
export function parseFilter(input: string): FilterResult {
  try {
    return { ok: true, filter: parseTerms(input) }
  } catch (error) {
    if (error instanceof FilterFailure) return { ok: false, error: error.error }
    throw error
  }
}
