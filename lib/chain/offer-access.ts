/**
 * What an offer lets its renter do besides running the job, and how the provider's runner isolates
 * the job: part of the provider's signed `OfferResources` (lib/chain/offer-resources.ts). Kept free
 * of zod so the search grammar, which reads these names in the browser, stays small.
 */

/** The ways in, in canonical order; each is one bit of the signed `access` (ssh = 1, terminal = 2…). */
export const ACCESS_KINDS = ['ssh', 'terminal', 'ports', 'files'] as const
export type AccessKind = (typeof ACCESS_KINDS)[number]

/** The runners, signed by name: `process` isolates nothing (local chains only). */
export const ISOLATIONS = ['process', 'sandbox', 'container'] as const
export type Isolation = (typeof ISOLATIONS)[number]

/** What each way in is, for the search box and the offer page. */
export const ACCESS_DESCRIPTIONS: Readonly<Record<AccessKind, string>> = {
  ssh: 'SSH gateway: a shell and SFTP inside the job',
  terminal: 'terminal in the browser',
  ports: "the job's HTTP ports through the agent",
  files: "the workspace's files in the browser (upload, outputs download)",
}

/** What each runner means for the renter's job. */
export const ISOLATION_DESCRIPTIONS: Readonly<Record<Isolation, string>> = {
  process: 'no isolation: the job runs as the agent user (local test chains only)',
  sandbox: 'bubblewrap sandbox with its own network and limits',
  container: 'Docker container with its own network and limits',
}

export const isAccessKind = (value: string): value is AccessKind =>
  (ACCESS_KINDS as readonly string[]).includes(value)
export const isIsolation = (value: string): value is Isolation =>
  (ISOLATIONS as readonly string[]).includes(value)

/** The signed bit set of `kinds`: bit i is `ACCESS_KINDS[i]`. */
export function accessBits(kinds: readonly AccessKind[]): number {
  let bits = 0
  for (const kind of kinds) bits |= 1 << ACCESS_KINDS.indexOf(kind)
  return bits
}

/** The kinds of a bit set, in canonical order; bits past the known kinds are ignored. */
export function accessKinds(bits: number): AccessKind[] {
  return ACCESS_KINDS.filter((_, i) => (bits & (1 << i)) !== 0)
}
