import {
  ACCESS_DESCRIPTIONS,
  ACCESS_KINDS,
  ISOLATION_DESCRIPTIONS,
  ISOLATIONS,
  isAccessKind,
  isIsolation,
} from '@/lib/chain/offer-access'

/**
 * The fields of the offer search grammar: names, aliases, and how each reads and writes its values.
 * Kept free of the GPU catalog and of zod so the parser stays small in the browser bundle.
 */

export type FilterOp = '=' | '!=' | '<' | '<=' | '>' | '>='
export type TextField = 'gpu' | 'region' | 'provider' | 'access' | 'isolation'
export type NumericField =
  | 'gpus'
  | 'price'
  | 'gpuprice'
  | 'vram'
  | 'cpus'
  | 'ram'
  | 'disk'
  | 'reliability'
  | 'duration'
  | 'stake'
export type FilterField = TextField | NumericField

interface FieldBase {
  /** Other spellings accepted in a search and as URL parameters. */
  readonly aliases: readonly string[]
  /** What the field means, for the search box's completion list. */
  readonly description: string
  /** Completes "`price` needs …, got `abc`". */
  readonly expected: string
}

export interface TextFieldSpec extends FieldBase {
  readonly kind: 'text'
  readonly name: TextField
  /** The stored value, or undefined when the text is not a value of this field. */
  readonly parse: (text: string) => string | undefined
  /** Every value the field takes, where it takes only a few (offered as completions). */
  readonly choices?: readonly { readonly value: string; readonly detail: string }[]
  /** A list of values means all of them (`access=ssh,ports`), not either of them. */
  readonly allOf?: boolean
}

export interface NumericFieldSpec extends FieldBase {
  readonly kind: 'number'
  readonly name: NumericField
  /** The value in the field's unit (USD, MiB, cores, hours, 0..1), or undefined when unreadable. */
  readonly parse: (text: string) => number | undefined
  /** The canonical spelling; `parse(format(v)) === v` for every value `parse` returns. */
  readonly format: (value: number) => string
}

export type FieldSpec = TextFieldSpec | NumericFieldSpec

// Exponents are accepted because String(n) writes them for very large and very small numbers.
const QUANTITY = /^((?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)([a-z%]*)$/i

/** Reads `<number><unit>` and scales it by the unit's factor; undefined for an unknown unit. */
function quantity(text: string, units: Readonly<Record<string, number>>): number | undefined {
  const match = QUANTITY.exec(text)
  const unit = (match?.[2] ?? '').toLowerCase()
  // hasOwn: a unit such as `constructor` must not reach Object.prototype.
  const factor = match && Object.hasOwn(units, unit) ? units[unit] : undefined
  if (!match || factor === undefined) return undefined
  // Divide for fractions of the base unit so "90m" is exactly 90 / 60 hours, not 90 * 0.01666….
  const value = factor < 1 ? Number(match[1]) / Math.round(1 / factor) : Number(match[1]) * factor
  return Number.isFinite(value) ? value : undefined
}

/** The first spelling that reads back as exactly `value`; the last one always does. */
function firstExact(value: number, parse: (text: string) => number | undefined, spellings: string[]): string {
  return spellings.find((text) => parse(text) === value) ?? spellings[spellings.length - 1] ?? String(value)
}

const usd = (text: string) => quantity(text.replace(/^\$/, ''), { '': 1 })
const gib = 1024
/** Sizes are typed in GiB (`ram>=128`, `disk>=500`); other units say so. Values are MiB. */
const SIZE_UNITS = {
  '': gib,
  g: gib,
  gb: gib,
  gi: gib,
  gib,
  m: 1,
  mb: 1,
  mi: 1,
  mib: 1,
  t: gib * gib,
  tb: gib * gib,
}
const DURATION_UNITS = { '': 1, h: 1, hr: 1, hrs: 1, m: 1 / 60, min: 1 / 60, d: 24, w: 168 }

function parseCount(text: string): number | undefined {
  const value = quantity(text, { '': 1 })
  return value !== undefined && Number.isSafeInteger(value) ? value : undefined
}

function parseReliability(text: string): number | undefined {
  // A bare 95 is refused rather than read as a percentage: `95%` says what it means.
  const value = quantity(text, { '': 1, '%': 0.01 })
  return value !== undefined && value <= 1 ? value : undefined
}

const parseSize = (text: string) => quantity(text, SIZE_UNITS)
const parseDuration = (text: string) => quantity(text, DURATION_UNITS)

function formatSize(mib: number): string {
  return firstExact(mib, parseSize, mib % gib === 0 ? [String(mib / gib), `${mib}MiB`] : [`${mib}MiB`])
}

function formatDuration(hours: number): string {
  const exactHours = `${hours}h`
  if (Number.isInteger(hours) && hours % 24 === 0 && hours > 0)
    return firstExact(hours, parseDuration, [`${hours / 24}d`, exactHours])
  if (!Number.isInteger(hours))
    return firstExact(hours, parseDuration, [`${Math.round(hours * 60)}m`, exactHours])
  return exactHours
}

const number = (
  name: NumericField,
  aliases: string[],
  description: string,
  expected: string,
  parse: (text: string) => number | undefined,
  format: (value: number) => string = String,
): NumericFieldSpec => ({ kind: 'number', name, aliases, description, expected, parse, format })

const text = (
  name: TextField,
  aliases: string[],
  description: string,
  expected: string,
  parse: (text: string) => string | undefined,
): TextFieldSpec => ({ kind: 'text', name, aliases, description, expected, parse })

/** A field over a closed set of lowercase words, e.g. `isolation=sandbox,container`. */
const choice = (
  name: TextField,
  aliases: string[],
  description: string,
  values: Readonly<Record<string, string>>,
  known: (value: string) => boolean,
  allOf = false,
): TextFieldSpec => ({
  ...text(name, aliases, description, `one of ${Object.keys(values).join(', ')}`, (v) => {
    const value = v.toLowerCase()
    return known(value) ? value : undefined
  }),
  choices: Object.entries(values).map(([value, detail]) => ({ value, detail })),
  allOf,
})

// The descriptions' keys in canonical order (records keep insertion order, but say it outright).
const inOrder = <K extends string>(keys: readonly K[], descriptions: Readonly<Record<K, string>>) =>
  Object.fromEntries(keys.map((k) => [k, descriptions[k]]))

/** Every field in canonical order: the order of URL parameters and of the completion list. */
export const FILTER_FIELDS: readonly FieldSpec[] = [
  text('gpu', ['model'], 'GPU model, e.g. H100 or H100-SXM-80GB', 'a GPU model', (v) => v || undefined),
  number('gpus', ['count'], 'number of GPUs', 'a whole number', parseCount),
  number('price', [], 'price per hour of the whole offer, USD', 'a number', usd),
  number('gpuprice', ['pergpu'], 'price per GPU-hour, USD', 'a number', usd),
  number(
    'vram',
    [],
    'memory per GPU (80, 80GB, 81920MiB)',
    'a size such as 80, 80GB or 81920MiB',
    parseSize,
    formatSize,
  ),
  number('cpus', ['cpu', 'cores'], 'CPU cores sold with the GPUs', 'a whole number', parseCount),
  number(
    'ram',
    ['memory', 'mem'],
    'memory sold with the GPUs, GiB (128, 128GB, 1TB)',
    'a size such as 128, 128GB or 1TB',
    parseSize,
    formatSize,
  ),
  number(
    'disk',
    ['storage'],
    'disk sold with the GPUs, GiB (500, 500GB, 2TB)',
    'a size such as 500, 500GB or 2TB',
    parseSize,
    formatSize,
  ),
  text('region', [], 'region, matched by prefix (EU matches EU-Central)', 'a region', (v) => v || undefined),
  number(
    'reliability',
    [],
    'provider reliability, 0 to 1 or a percentage',
    'a number from 0 to 1 or a percentage such as 95%',
    parseReliability,
  ),
  number(
    'duration',
    ['hours'],
    'longest rental the offer allows (24h, 2d, 90m)',
    'a duration such as 24h, 2d or 90m',
    parseDuration,
    formatDuration,
  ),
  text('provider', [], 'provider address or its prefix', 'a 0x address or a prefix of one', (v) =>
    /^0x[0-9a-f]{1,40}$/i.test(v) ? v.toLowerCase() : undefined,
  ),
  number('stake', [], "provider's stake, USD", 'a number', usd),
  choice(
    'access',
    [],
    'ways into the running job the offer gives',
    inOrder(ACCESS_KINDS, ACCESS_DESCRIPTIONS),
    isAccessKind,
    true,
  ),
  choice(
    'isolation',
    ['runner'],
    "the provider's runner, how jobs are isolated",
    inOrder(ISOLATIONS, ISOLATION_DESCRIPTIONS),
    isIsolation,
  ),
]

// Field names are matched case-insensitively and without `_`/`-`, so `gpu_price` and `GPUPrice` work.
const normalise = (name: string) => name.toLowerCase().replace(/[-_]/g, '')
const FIELDS_BY_NAME = new Map(
  FILTER_FIELDS.flatMap((f) => [f.name, ...f.aliases].map((n) => [n, f] as const)),
)

/** Looks a field up by any of its spellings. */
export function findField(name: string): FieldSpec | undefined {
  return FIELDS_BY_NAME.get(normalise(name))
}

/** Optimal string alignment distance: Levenshtein plus swaps of two neighbours ("pirce"). */
function editDistance(a: string, b: string): number {
  const width = b.length + 1
  const d = new Array<number>((a.length + 1) * width).fill(0)
  const at = (i: number, j: number) => d[i * width + j] ?? 0
  for (let i = 0; i <= a.length; i++) d[i * width] = i
  for (let j = 0; j <= b.length; j++) d[j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1)
      d[i * width + j] = best
    }
  }
  return at(a.length, b.length)
}

/** The known spelling closest to an unknown name, if any is close enough to be a typo of it. */
export function closestName(
  name: string,
  names: readonly string[] = [...FIELDS_BY_NAME.keys()],
): string | undefined {
  const typed = normalise(name)
  const limit = typed.length <= 3 ? 1 : 2
  let best: { name: string; distance: number } | undefined
  for (const candidate of names) {
    const distance = editDistance(typed, candidate)
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate, distance }
  }
  return best?.name
}
