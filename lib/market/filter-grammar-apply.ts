import { type Clause, type Filter, isTextClause, type TextClause } from './filter-grammar'
import type { NumericField } from './filter-grammar-fields'
import { type ParsedGpuName, parseGpuName } from './gpu-name-tokens'

/**
 * Filters offers in the browser with the same meaning the server gives the filter in SQL. The hot
 * path is compileFilter: values are parsed once per filter, GPU names once per distinct name.
 */

/** The offer fields a filter reads. */
export interface FilterableOffer {
  /** Canonical model id (`H100-SXM-80GB`), or the name as reported for an unknown GPU. */
  readonly modelId: string
  readonly modelName: string
  readonly family: string
  readonly gpuCount: number
  readonly pricePerHourUsd: number
  readonly pricePerGpuHourUsd: number
  /** Nominal memory per GPU, the catalog's `memoryMiB` (what `vram>=80` compares against). */
  readonly vramMiB: number
  /** CPU cores, memory and disk (MiB) the offer sells besides its GPUs. */
  readonly cpus: number
  readonly memoryMiB: number
  readonly diskMiB: number
  readonly region: string
  /** 0..1. */
  readonly reliability: number
  readonly maxDurationSeconds: number
  readonly provider: string
  readonly stakeUsd: number
  /** The ways into the job the offer gives (ssh, terminal, ports, files). */
  readonly access: readonly string[]
  /** The provider's runner: process, sandbox or container. */
  readonly isolation: string
}

export interface GpuIdentity {
  readonly modelId: string
  readonly name: string
  readonly family: string
}

const NUMBERS: Readonly<Record<NumericField, (offer: FilterableOffer) => number>> = {
  gpus: (o) => o.gpuCount,
  price: (o) => o.pricePerHourUsd,
  gpuprice: (o) => o.pricePerGpuHourUsd,
  vram: (o) => o.vramMiB,
  cpus: (o) => o.cpus,
  ram: (o) => o.memoryMiB,
  disk: (o) => o.diskMiB,
  reliability: (o) => o.reliability,
  // Dividing the offer's seconds (not multiplying the filter's hours) keeps `duration>=90m` exact.
  duration: (o) => o.maxDurationSeconds / 3600,
  stake: (o) => o.stakeUsd,
}

// GPU names repeat across offers (a few hundred models), so each is tokenised once. The cap keeps
// a long-lived page from growing the cache with names nobody will see again.
const parsedNames = new Map<string, ParsedGpuName>()
function parsedName(name: string): ParsedGpuName {
  let parsed = parsedNames.get(name)
  if (!parsed) {
    if (parsedNames.size >= 4096) parsedNames.clear()
    parsed = parseGpuName(name)
    parsedNames.set(name, parsed)
  }
  return parsed
}

/** Compiles a `gpu` filter value into a matcher over an offer's model id, name and family. */
function gpuMatcher(filterValue: string): (gpu: GpuIdentity) => boolean {
  const wanted = parsedName(filterValue)
  const exact = filterValue.toLowerCase()
  const { key, formFactor, memoryGiB } = wanted
  const narrows = !wanted.contradictory && (key !== '' || formFactor !== undefined || memoryGiB !== undefined)
  return (gpu) => {
    if ([gpu.modelId, gpu.name, gpu.family].some((s) => s.toLowerCase() === exact)) return true
    if (!narrows) return false
    const id = parsedName(gpu.modelId)
    const name = parsedName(gpu.name)
    if (key !== '' && key !== parsedName(gpu.family).key && key !== id.key && key !== name.key) return false
    if (formFactor !== undefined && (id.formFactor ?? name.formFactor) !== formFactor) return false
    return memoryGiB === undefined || (id.memoryGiB ?? name.memoryGiB) === memoryGiB
  }
}

/**
 * Whether a `gpu` filter value names this GPU, by product rather than by spelling: case and
 * separators do not matter, `H100` matches every H100 (SXM, PCIe, NVL), `H100-SXM` or `H100 SXM`
 * only the SXM ones, `A100 80GB` the 80 GB A100s, `SXM` any SXM board. A family is a different
 * product from its suffixed siblings: `A100` does not match `A100X`, nor `RTX 4090` `RTX 4090 D`.
 */
export function matchesGpu(filterValue: string, gpu: GpuIdentity): boolean {
  return gpuMatcher(filterValue)(gpu)
}

const regionKey = (region: string) => region.toLowerCase().replace(/[\s_-]+/g, '-')

/** Case-insensitive prefix match, with spaces, `_` and `-` alike: `EU` and `eu central` match `EU-Central-1`. */
export function matchesRegion(filterValue: string, region: string): boolean {
  return regionKey(region).startsWith(regionKey(filterValue))
}

/** Case-insensitive prefix match of a provider address. */
export function matchesProvider(filterValue: string, provider: string): boolean {
  return provider.toLowerCase().startsWith(filterValue.toLowerCase())
}

type Predicate = (offer: FilterableOffer) => boolean

const either = (op: Clause['op'], tests: readonly Predicate[]): Predicate =>
  op === '!=' ? (o) => !tests.some((t) => t(o)) : (o) => tests.some((t) => t(o))

function compileTextClause(clause: TextClause): Predicate {
  const { op, values } = clause
  switch (clause.field) {
    case 'gpu': {
      const matchers = values.map((v) => gpuMatcher(v))
      return either(
        op,
        matchers.map((m) => (o) => m({ modelId: o.modelId, name: o.modelName, family: o.family })),
      )
    }
    case 'region': {
      const prefixes = values.map(regionKey)
      return either(
        op,
        prefixes.map((prefix) => (o) => regionKey(o.region).startsWith(prefix)),
      )
    }
    case 'provider': {
      const prefixes = values.map((v) => v.toLowerCase())
      return either(
        op,
        prefixes.map((prefix) => (o) => o.provider.toLowerCase().startsWith(prefix)),
      )
    }
    case 'access': {
      // All listed ways in; `!=` is the opposite: an offer lacking at least one of them.
      const all: Predicate = (o) => values.every((v) => o.access.includes(v))
      return op === '!=' ? (o) => !all(o) : all
    }
    case 'isolation':
      return either(
        op,
        values.map((v) => (o) => o.isolation === v),
      )
  }
}

function compileClause(clause: Clause): Predicate {
  if (isTextClause(clause)) return compileTextClause(clause)
  const get = NUMBERS[clause.field]
  const [value = Number.NaN] = clause.values
  switch (clause.op) {
    case '<':
      return (o) => get(o) < value
    case '<=':
      return (o) => get(o) <= value
    case '>':
      return (o) => get(o) > value
    case '>=':
      return (o) => get(o) >= value
    default:
      return either(
        clause.op,
        clause.values.map((v) => (o) => get(o) === v),
      )
  }
}

/** A predicate for many offers: build it once per filter, call it per offer. */
export function compileFilter(filter: Pick<Filter, 'clauses' | 'text'>): Predicate {
  const tests = filter.clauses.map(compileClause)
  const words = filter.text.map((word) => word.toLowerCase())
  if (words.length > 0) {
    // Each word must appear within one of the three, not straddle them.
    tests.push((o) => {
      const id = o.modelId.toLowerCase()
      const name = o.modelName.toLowerCase()
      const family = o.family.toLowerCase()
      return words.every((word) => id.includes(word) || name.includes(word) || family.includes(word))
    })
  }
  return (offer) => tests.every((test) => test(offer))
}

const compiled = new WeakMap<object, Predicate>()

/** Whether the offer passes every clause and contains every free-text word (compiled once per filter object). */
export function applyFilter(filter: Pick<Filter, 'clauses' | 'text'>, offer: FilterableOffer): boolean {
  let predicate = compiled.get(filter)
  if (!predicate) {
    predicate = compileFilter(filter)
    compiled.set(filter, predicate)
  }
  return predicate(offer)
}
