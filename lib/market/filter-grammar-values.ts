import type { Clause, FilterError } from './filter-grammar'
import type { FieldSpec, FilterOp } from './filter-grammar-fields'

/**
 * Reading values in the search grammar: operators, quotes and comma lists, and turning a value
 * into a typed clause. Shared by the search text parser and the URL parameter reader.
 */

/** Thrown inside the parser only; parseFilter turns it into a result. */
export class FilterFailure extends Error {
  constructor(readonly error: FilterError) {
    super(error.message)
  }
}
export const fail = (message: string, start: number, end: number) =>
  new FilterFailure({ message, start, end })

export const OP_CHARS = new Set(['=', '!', '<', '>', ':'])
export const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch)

export interface ValueItem {
  readonly text: string
  readonly start: number
  readonly end: number
}
export interface LexedValue {
  readonly items: readonly ValueItem[]
  readonly commas: readonly number[]
  readonly end: number
}

/**
 * Reads a value from `start`: quotes removed, items split at unquoted commas when `lists`, ending at
 * unquoted whitespace when `words` (a URL parameter's value is read whole).
 */
export function lexValue(input: string, start: number, lists: boolean, words = true): LexedValue {
  const items: ValueItem[] = []
  const commas: number[] = []
  let text = ''
  let itemStart = start
  let i = start
  while (i < input.length) {
    const ch = input[i] ?? ''
    if (ch === '"') {
      const quoteStart = i
      for (i++; i < input.length && input[i] !== '"'; i++) {
        if (input[i] === '\\' && i + 1 < input.length) i++
        text += input[i]
      }
      if (i >= input.length) throw fail('unterminated quote', quoteStart, input.length)
      i++
    } else if (words && isSpace(ch)) {
      break
    } else if (lists && ch === ',') {
      items.push({ text, start: itemStart, end: i })
      commas.push(i)
      text = ''
      itemStart = ++i
    } else {
      text += ch
      i++
    }
  }
  items.push({ text, start: itemStart, end: i })
  return { items, commas, end: i }
}

/** Where a value came from, for messages and positions. */
export interface ValueSite {
  /** The field as the user spelled it, or the URL parameter's name. */
  readonly name: string
  readonly opText: string
  readonly opStart: number
  readonly start: number
  readonly end: number
  readonly raw: string
  readonly param?: string
}

/** Text fields take only `=` and `!=`; checked before the value is read, so this error comes first. */
export function checkOp(
  spec: FieldSpec,
  op: FilterOp,
  site: Pick<ValueSite, 'name' | 'opText' | 'opStart'>,
): void {
  if (spec.kind === 'text' && op !== '=' && op !== '!=')
    throw fail(
      `\`${site.opText}\` is not allowed on \`${site.name}\``,
      site.opStart,
      site.opStart + site.opText.length,
    )
}

/** Checks and converts a lexed value into a clause of `spec`; throws FilterFailure. */
export function buildClause(spec: FieldSpec, op: FilterOp, value: LexedValue, site: ValueSite): Clause {
  const { items, commas } = value
  const after = `\`${site.name}${site.opText}\``
  checkOp(spec, op, site)
  if (items.length === 1 && items[0]?.text === '')
    throw fail(`empty value after ${after}`, site.start, value.end)
  const [firstComma] = commas
  if (firstComma !== undefined && op !== '=' && op !== '!=') {
    const what = site.param === undefined ? `\`${site.opText}\`` : `\`${site.param}\``
    throw fail(`${what} takes a single value, not a list`, firstComma, firstComma + 1)
  }
  for (const [i, item] of items.entries()) {
    const comma = commas[i] ?? commas[i - 1] ?? item.start
    if (item.text === '') throw fail(`empty value in the list after ${after}`, comma, comma + 1)
  }
  const read = <T>(item: ValueItem, parsed: T | undefined): T => {
    if (parsed !== undefined) return parsed
    throw fail(`\`${site.name}\` needs ${spec.expected}, got \`${item.text}\``, item.start, item.end)
  }
  const base = {
    raw: site.raw,
    start: site.start,
    end: site.end,
    ...(site.param ? { param: site.param } : {}),
  }
  if (spec.kind === 'number')
    return { ...base, field: spec.name, op, values: items.map((item) => read(item, spec.parse(item.text))) }
  const textOp = op === '=' ? '=' : '!='
  return {
    ...base,
    field: spec.name,
    op: textOp,
    values: items.map((item) => read(item, spec.parse(item.text))),
  }
}

const OPS: readonly (readonly [string, FilterOp])[] = [
  ['!=', '!='],
  ['<=', '<='],
  ['>=', '>='],
  ['=', '='],
  [':', '='],
  ['<', '<'],
  ['>', '>'],
]

/** The operator written at `at`, longest first; `!` alone is the one operator character that is not one. */
export function readOp(input: string, at: number): { text: string; op: FilterOp } | undefined {
  const found = OPS.find(([text]) => input.startsWith(text, at))
  return found && { text: found[0], op: found[1] }
}
