import type { ImportGraph } from './import-graph'

/**
 * Where a file sits in the dependency order. Production code only imports down the order
 * (app → components → lib; agent → lib; scripts → agent, lib); test code is everything that
 * exists only to check production code: the shared kits in `test-support/`, the contract tests'
 * harness, end-to-end tests and benchmarks.
 */
export type Layer = 'app' | 'components' | 'lib' | 'agent' | 'scripts' | 'config' | 'test code'

const TEST_CODE = ['test-support/', 'contracts/test/', 'e2e/', 'bench/']
const PRODUCTION: readonly Exclude<Layer, 'config' | 'test code'>[] = [
  'app',
  'components',
  'lib',
  'agent',
  'scripts',
]

/** What each production layer may import; test files inside it may import test code as well. */
const ALLOWED: Record<Exclude<Layer, 'test code'>, readonly Layer[]> = {
  app: ['app', 'components', 'lib'],
  components: ['components', 'lib'],
  lib: ['lib'],
  agent: ['agent', 'lib'],
  scripts: ['scripts', 'agent', 'lib'],
  // Root files Next and the tools load (instrumentation.ts, next.config.ts, vitest.config.ts …).
  config: ['lib'],
}

export function layerOf(file: string): Layer {
  if (TEST_CODE.some((folder) => file.startsWith(folder))) return 'test code'
  const top = file.split('/')[0]
  return PRODUCTION.find((layer) => layer === top) ?? 'config'
}

export function isTestFile(file: string): boolean {
  return /\.test\.tsx?$/.test(file)
}

/** One sentence per import that breaks the order, naming both files and the rule. */
export function importViolations(graph: ImportGraph): string[] {
  const found: string[] = []
  for (const [file, targets] of graph) {
    const from = layerOf(file)
    if (from === 'test code') continue
    for (const { target } of targets) {
      const to = layerOf(target)
      if (ALLOWED[from].includes(to)) continue
      if (to === 'test code' && isTestFile(file)) continue
      const rule =
        to === 'test code'
          ? 'production code must not import test code'
          : `${from} may import only ${ALLOWED[from].join(', ')}`
      found.push(`${file} imports ${target}: ${rule}`)
    }
  }
  return found.sort()
}

/**
 * Import cycles among production files, one per strongly connected group of files (Tarjan's
 * algorithm), each listed as the files in it. Type-only imports are left out: they are erased
 * when compiled, so they cannot leave a module half-initialised (two files sharing types is
 * how a client boundary names its lazily loaded half). Test code is left out too.
 */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const production = (file: string) => graph.has(file) && layerOf(file) !== 'test code'
  const visit = (file: string) => {
    index.set(file, index.size)
    low.set(file, index.size - 1)
    stack.push(file)
    onStack.add(file)
    for (const { target, typeOnly } of graph.get(file) ?? []) {
      if (typeOnly || !production(target)) continue
      if (!index.has(target)) visit(target)
      if (onStack.has(target)) low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0))
    }
    if (low.get(file) !== index.get(file)) return
    const group: string[] = []
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member)
      group.push(member)
      if (member === file) break
    }
    const selfImport = graph.get(file)?.some((edge) => edge.target === file && !edge.typeOnly)
    if (group.length > 1 || selfImport) cycles.push(group.sort())
  }
  for (const file of graph.keys()) if (production(file) && !index.has(file)) visit(file)
  return cycles.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''))
}
