/**
 * The CSV dialect of `nvidia-smi --query-* --format=csv[,noheader][,nounits]`: a ", "-separated
 * table whose header carries units (`memory.total [MiB]`) and whose values carry them too unless
 * `nounits` is given. One parser reads every variant, given the query's field list.
 */

/** Malformed nvidia-smi output. `line` is 1-based within the output; null for the output as a whole. */
export class NvidiaSmiParseError extends Error {
  readonly line: number | null
  readonly field: string | null

  constructor(message: string, where: { line?: number; field?: string } = {}) {
    const at = [
      where.line === undefined ? '' : `line ${where.line}`,
      where.field ? `field ${where.field}` : '',
    ]
    const prefix = at.filter((part) => part !== '').join(', ')
    super(`nvidia-smi output${prefix ? ` ${prefix}` : ''}: ${message}`)
    this.name = 'NvidiaSmiParseError'
    this.line = where.line ?? null
    this.field = where.field ?? null
  }
}

// The header spells a few fields differently from the query that asked for them.
const HEADER_NAMES: Readonly<Record<string, string>> = {
  'clocks.sm': 'clocks.current.sm',
  'clocks.gr': 'clocks.current.graphics',
  'clocks.mem': 'clocks.current.memory',
  used_memory: 'used_gpu_memory',
}

/** The unit nvidia-smi prints after a field's values (and in its header), if any. */
function unitOf(field: string): string | undefined {
  if (field.startsWith('memory.') || field === 'used_memory') return 'MiB'
  if (field.startsWith('utilization.')) return '%'
  if (field.startsWith('power.')) return 'W'
  if (field.startsWith('clocks.')) return 'MHz'
  return undefined
}

// What nvidia-smi prints for a reading the GPU or driver cannot give.
const UNAVAILABLE = new Set(['[N/A]', 'N/A', '[Not Supported]', 'Not Supported'])

/** One data line of the output, read field by field with errors that name the line and field. */
export class NvidiaSmiRow<F extends string> {
  constructor(
    readonly line: number,
    private readonly cells: ReadonlyMap<F, string>,
  ) {}

  private raw(field: F): string {
    const value = this.cells.get(field)
    if (value === undefined) throw this.error(field, 'missing')
    return value
  }

  private error(field: F, message: string): NvidiaSmiParseError {
    return new NvidiaSmiParseError(message, { line: this.line, field })
  }

  /** Text, or null when nvidia-smi reports it unavailable. */
  optionalText(field: F): string | null {
    const value = this.raw(field)
    if (UNAVAILABLE.has(value)) return null
    if (value === '') throw this.error(field, 'is empty')
    return value
  }

  text(field: F): string {
    const value = this.optionalText(field)
    if (value === null) throw this.error(field, `is required but reads ${this.raw(field)}`)
    return value
  }

  /** A non-negative number, with or without the field's unit; null when unavailable. */
  optionalNumber(field: F, kind: 'integer' | 'decimal' = 'integer'): number | null {
    const value = this.optionalText(field)
    if (value === null) return null
    const unit = unitOf(field)
    const digits = kind === 'integer' ? '\\d+' : '\\d+(?:\\.\\d+)?'
    const suffix = unit === undefined ? '' : `(?: ?${escapeRegExp(unit)})?`
    const match = new RegExp(`^(${digits})${suffix}$`).exec(value)
    if (!match?.[1]) {
      const expected = `${kind === 'integer' ? 'a whole number' : 'a number'}${unit ? ` in ${unit}` : ''}`
      throw this.error(field, `expected ${expected}, found "${value}"`)
    }
    return Number(match[1])
  }

  number(field: F, kind: 'integer' | 'decimal' = 'integer'): number {
    const value = this.optionalNumber(field, kind)
    if (value === null) throw this.error(field, `is required but reads ${this.raw(field)}`)
    return value
  }

  /** Text that must match `pattern` (described by `what` in the error); null when unavailable. */
  optionalMatching(field: F, pattern: RegExp, what: string): string | null {
    const value = this.optionalText(field)
    if (value !== null && !pattern.test(value)) throw this.error(field, `expected ${what}, found "${value}"`)
    return value
  }

  matching(field: F, pattern: RegExp, what: string): string {
    const value = this.optionalMatching(field, pattern, what)
    if (value === null) throw this.error(field, `is required but reads ${this.raw(field)}`)
    return value
  }
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export interface ParseCsvOptions<F extends string> {
  /** The one field whose values may contain commas (a process name); extra cells are joined into it. */
  readonly freeTextField?: F
}

/**
 * Splits nvidia-smi CSV output into rows keyed by the query's fields. A header line, if present,
 * must name exactly those fields in order; blank lines are ignored; no rows is not an error here.
 */
export function parseNvidiaSmiCsv<F extends string>(
  output: string,
  fields: readonly F[],
  options: ParseCsvOptions<F> = {},
): NvidiaSmiRow<F>[] {
  const lines = output.split(/\r?\n/).map((text, i) => ({ text: text.trim(), line: i + 1 }))
  const nonBlank = lines.filter(({ text }) => text !== '')
  const [first] = nonBlank
  // Data lines start with a number or a timestamp, so a first cell naming a field marks a header.
  const hasHeader =
    first !== undefined && fields.some((field) => field === headerName(first.text.split(',')[0]))
  if (first && hasHeader) checkHeader(first.text, first.line, fields)
  const freeIndex = options.freeTextField === undefined ? -1 : fields.indexOf(options.freeTextField)

  return nonBlank.slice(hasHeader ? 1 : 0).map(({ text, line }) => {
    let raw = text.split(',')
    if (raw.length > fields.length && freeIndex >= 0) {
      const end = freeIndex + raw.length - fields.length + 1
      raw = [...raw.slice(0, freeIndex), raw.slice(freeIndex, end).join(','), ...raw.slice(end)]
    }
    const cells = raw.map((cell) => cell.trim())
    if (cells.length !== fields.length) {
      const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text
      throw new NvidiaSmiParseError(`expected ${fields.length} fields, found ${cells.length}: "${shown}"`, {
        line,
      })
    }
    return new NvidiaSmiRow(line, new Map(fields.map((field, i) => [field, cells[i] ?? ''])))
  })
}

/** `memory.total [MiB]` → `memory.total`, mapped back to the query's spelling. */
function headerName(cell: string | undefined): string {
  const name = (cell ?? '').trim().replace(/\s*\[[^\]]*\]$/, '')
  const queried = Object.entries(HEADER_NAMES).find(([, header]) => header === name)
  return queried ? queried[0] : name
}

function checkHeader(text: string, line: number, fields: readonly string[]): void {
  const cells = text.split(',').map((cell) => cell.trim())
  if (cells.length !== fields.length) {
    throw new NvidiaSmiParseError(`header has ${cells.length} fields, the query ${fields.length}`, { line })
  }
  fields.forEach((field, i) => {
    const cell = cells[i] ?? ''
    if (headerName(cell) !== field) {
      throw new NvidiaSmiParseError(`header column ${i + 1} is "${cell}", expected ${field}`, { line, field })
    }
    const unit = /\[([^\]]*)\]$/.exec(cell)?.[1]
    if (unit !== undefined && unit !== unitOf(field)) {
      throw new NvidiaSmiParseError(`header gives unit [${unit}], expected [${unitOf(field) ?? 'none'}]`, {
        line,
        field,
      })
    }
  })
}
