/** How the marketplace writes offer figures: short, unambiguous, the same in every row. */

import type { AccessKind, Isolation } from '@/lib/chain/offer-access'
import { formatDecimal, formatDollars } from '@/lib/format/en-us-number'

/** A price in USD: cents, with up to four decimals below a dollar so cheap GPUs do not all read $0.10. */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return '—'
  return Math.abs(value) < 1 ? formatDollars(value, 2, 4) : formatDollars(value, 2, 2)
}

/** A stake or other large amount in whole dollars. */
export function formatUsdWhole(value: number): string {
  return Number.isFinite(value) ? formatDollars(value, 0, 0) : '—'
}

export const formatCount = (value: number): string => formatDecimal(value, 0, 3)

/** Memory per GPU: drivers report a little under the nominal size, so one decimal of GB. */
export function formatVram(mib: number): string {
  const gib = mib / 1024
  return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GB`
}

/**
 * Memory or disk sold with an offer, MiB: whole GB (GiB, as the search types them) below a
 * terabyte, one decimal of TB from there: 131072 → "128 GB", 2097152 → "2 TB", 1536000 → "1.5 TB".
 */
export function formatSize(mib: number): string {
  if (!Number.isFinite(mib) || mib < 0) return '—'
  const gib = mib / 1024
  if (gib < 1024) return `${Number.isInteger(gib) ? gib : Math.floor(gib * 10) / 10} GB`
  const tib = Math.floor((gib / 1024) * 10) / 10
  return `${Number.isInteger(tib) ? tib : tib.toFixed(1)} TB`
}

/** CPU cores: "1 CPU", "16 CPUs". */
export const formatCpus = (cpus: number): string =>
  `${formatDecimal(cpus, 0, 3)} ${cpus === 1 ? 'CPU' : 'CPUs'}`

/** A host's network bandwidth, Mbit/s; 0 means the provider did not measure or state it. */
export function formatBandwidth(mbps: number): string {
  if (!Number.isFinite(mbps) || mbps <= 0) return 'not stated'
  return mbps >= 1000 ? `${Math.floor(mbps / 100) / 10} Gbit/s` : `${mbps} Mbit/s`
}

const ACCESS_WORDS: Readonly<Record<AccessKind, string>> = {
  ssh: 'SSH',
  terminal: 'web terminal',
  ports: 'ports',
  files: 'files',
}
const BROWSER_ACCESS: readonly AccessKind[] = ['terminal', 'ports', 'files']

/** The ways in an offer gives, in full: "SSH, web terminal, ports, files"; "none" when it gives none. */
export function formatAccess(access: readonly AccessKind[]): string {
  return access.length === 0 ? 'none' : access.map((kind) => ACCESS_WORDS[kind]).join(', ')
}

/**
 * The same for a row: "SSH + web" where it gives SSH and all the browser's ways in (terminal,
 * ports, files), "web" without SSH, the single words otherwise.
 */
export function formatAccessShort(access: readonly AccessKind[]): string {
  const browser = BROWSER_ACCESS.every((kind) => access.includes(kind))
  const words = access.flatMap((kind) =>
    kind === 'ssh' ? ['SSH'] : browser ? [] : [ACCESS_WORDS[kind].replace('web terminal', 'terminal')],
  )
  if (browser) words.push('web')
  return words.length === 0 ? 'no access' : words.join(' + ')
}

/** The runner, as a renter reads it: "container", "sandbox", and "unisolated" for a plain process. */
export const formatIsolation = (isolation: Isolation): string =>
  isolation === 'process' ? 'unisolated' : isolation

/** A 0..1 reliability as a percentage; null means the provider has no health samples yet. */
export function formatReliability(reliability: number | null): string {
  if (reliability === null || !Number.isFinite(reliability)) return 'new'
  // Rounded down: 99.96% must not read as a perfect record.
  const pct = reliability * 100
  if (pct >= 100) return '100%'
  return pct >= 99 ? `${(Math.floor(pct * 10) / 10).toFixed(1)}%` : `${Math.floor(pct)}%`
}

/** A message as a sentence: capital first letter, closing full stop ("`price` needs…" keeps its backtick). */
export function asSentence(message: string): string {
  const text = message.trim()
  if (text === '') return ''
  const capital = text.charAt(0).toUpperCase() + text.slice(1)
  return /[.!?]$/.test(capital) ? capital : `${capital}.`
}
