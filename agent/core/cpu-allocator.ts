/**
 * Which host CPUs a rental is pinned to: `count` of them, the least used by rentals already
 * running (ties to the lower index), so jobs spread over the machine and, while there are cores
 * enough, never share one. Undefined for a fractional share or one larger than the host: the CPU
 * quota alone bounds those.
 */
export function assignCores(
  count: number,
  hostCores: number,
  taken: readonly (readonly number[])[],
): number[] | undefined {
  if (!Number.isInteger(count) || count < 1 || count > hostCores) return undefined
  const load = new Array<number>(hostCores).fill(0)
  for (const cores of taken)
    for (const core of cores) if (core < hostCores) load[core] = (load[core] ?? 0) + 1
  return load
    .map((used, core) => ({ used, core }))
    .sort((a, b) => a.used - b.used || a.core - b.core)
    .slice(0, count)
    .map((c) => c.core)
    .sort((a, b) => a - b)
}
