import type { GpuFormFactor, GpuVendor } from './gpu-model'

/**
 * A GPU name taken apart. Every spelling we meet (nvidia-smi's "NVIDIA A100-SXM4-80GB", Vast's
 * "A100 SXM4", Akash's "a100" + "SXM4" + "80Gi", our own ids "A100-SXM-80GB") reduces to the same
 * product key plus the memory and form factor it states, if any.
 */
export interface ParsedGpuName {
  /** Lowercased alphanumeric runs, split where letters meet digits ("sxm4" → "sxm", "4"). */
  readonly tokens: readonly string[]
  /** Product key: model tokens glued together, then the order-free variant suffixes. */
  readonly key: string
  readonly vendor?: GpuVendor
  readonly memoryGiB?: number
  readonly formFactor?: GpuFormFactor
  /** The name states two incompatible things (two memory sizes, SXM and PCIe): never guess. */
  readonly contradictory: boolean
}

// Brand words that never tell two products apart. "q" is Vast's abbreviation of Quadro, and the
// Q of Max-Q: dropping it everywhere is harmless because both sides of a match are tokenised alike.
const NOISE = new Set(['geforce', 'tesla', 'quadro', 'q', 'instinct', 'gpu', 'graphics', 'generation'])
const VENDORS: Readonly<Record<string, GpuVendor>> = { nvidia: 'nvidia', amd: 'amd', ati: 'amd' }
const MEMORY_UNITS = new Set(['gb', 'gib', 'g', 'gi'])
const MEMORY_TYPES = new Set(['hbm', 'gddr'])
// Variant words whose order varies between sources ("4070S Ti" vs "4070 Ti SUPER", "4000 SFF
// Ada" vs "4000 Ada SFF"), mapped to one spelling and compared as a set.
const SUFFIXES: Readonly<Record<string, string>> = {
  ti: 'ti',
  super: 'super',
  laptop: 'laptop',
  mobile: 'laptop',
  ada: 'ada',
  sff: 'sff',
  fhhl: 'fhhl',
}
// Single letters are variant suffixes only right after the model number ("2060S", "4090D",
// "3060m"); elsewhere they belong to the model ("M4000", "MI300X").
const LETTER_SUFFIXES: Readonly<Record<string, string>> = { s: 'super', d: 'd', m: 'laptop' }

const isNumber = (t: string | undefined): boolean => t !== undefined && /^\d+$/.test(t)
// A generation digit ("SXM4", "HBM3"), not a memory size that merely follows ("SXM 80GB").
const isGeneration = (tokens: readonly string[], i: number): boolean =>
  /^[1-9]$/.test(tokens[i] ?? '') && !MEMORY_UNITS.has(tokens[i + 1] ?? '')

/** Splits a name into lowercase tokens at separators and letter/digit boundaries. */
export function gpuNameTokens(name: string): string[] {
  return name
    .replace(/[™®©]/g, ' ') // before NFKC, which would turn "Instinct™" into "InstinctTM"
    .normalize('NFKC')
    .toLowerCase()
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0)
}

/** Tokenises a GPU name into its product key, vendor, stated memory and stated form factor. */
export function parseGpuName(name: string): ParsedGpuName {
  const tokens = gpuNameTokens(name)
  const base: string[] = []
  const suffixes = new Set<string>()
  const forms = new Set<GpuFormFactor>()
  const memories = new Set<number>()
  let vendor: GpuVendor | undefined
  let vendorConflict = false

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? ''
    const next = tokens[i + 1]
    if (isNumber(t) && next !== undefined && MEMORY_UNITS.has(next)) {
      memories.add(Number(t))
      i++
    } else if (MEMORY_TYPES.has(t)) {
      // "HBM3", "HBM3e", "GDDR6X" say nothing the memory size does not.
      if (isGeneration(tokens, i + 1)) i++
      if (tokens[i + 1] === 'e' || tokens[i + 1] === 'x') i++
    } else if (t === 'pcie' || t === 'pci') {
      forms.add('PCIe')
      if (t === 'pci' && next === 'e') i++
    } else if (t === 'sxm') {
      // The SXM generation (2..5) is implied by the family; it is not a separate model axis.
      forms.add('SXM')
      if (isGeneration(tokens, i + 1)) i++
    } else if (t === 'nvl' || t === 'oam') {
      forms.add(t === 'nvl' ? 'NVL' : 'OAM')
    } else if (VENDORS[t] !== undefined) {
      vendorConflict ||= vendor !== undefined && vendor !== VENDORS[t]
      vendor = VENDORS[t]
    } else if (NOISE.has(t)) {
      // brand word: skip
    } else if (SUFFIXES[t] !== undefined) {
      suffixes.add(SUFFIXES[t])
    } else if (LETTER_SUFFIXES[t] !== undefined && i > 0 && (isNumber(tokens[i - 1]) || suffixes.size > 0)) {
      suffixes.add(LETTER_SUFFIXES[t])
    } else {
      if (t === 'radeon') vendor ??= 'amd'
      base.push(t)
    }
  }

  // NVL boards are PCIe cards, so "h200nvl PCIe" (Akash) is an NVL, not a contradiction.
  if (forms.has('NVL')) forms.delete('PCIe')
  const key = [base.join(''), ...[...suffixes].sort()].join('+')
  return {
    tokens,
    key,
    vendor,
    memoryGiB: memories.size === 1 ? [...memories][0] : undefined,
    formFactor: forms.size === 1 ? [...forms][0] : undefined,
    contradictory: memories.size > 1 || forms.size > 1 || vendorConflict,
  }
}
