import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type ImportGraph, importsOf, readImportGraph } from './import-graph'
import { importCycles, importViolations, layerOf } from './import-rules'

const root = path.resolve(import.meta.dirname, '../..')

/** A graph from `file → targets`; a target written `type:x` is a type-only import of x. */
function graphOf(files: Record<string, string[]>): ImportGraph {
  return new Map(
    Object.entries(files).map(([file, targets]) => [
      file,
      targets.map((t) => ({ target: t.replace(/^type:/, ''), typeOnly: t.startsWith('type:') })),
    ]),
  )
}

describe('import rules', () => {
  it('place files in layers by folder, with kits, contract tests, e2e and benches as test code', () => {
    expect(layerOf('app/api/offers/route.ts')).toBe('app')
    expect(layerOf('lib/chain/anvil.ts')).toBe('lib')
    expect(layerOf('test-support/agent/agent-world.ts')).toBe('test code')
    expect(layerOf('contracts/test/harness.ts')).toBe('test code')
    expect(layerOf('instrumentation.ts')).toBe('config')
  })

  it('read every kind of import and tell type-only ones apart, ignoring look-alikes in text', () => {
    const source = [
      "import { a, type B } from './a'",
      "import type { C } from './c'",
      "import { type D } from './d'",
      "export { e } from './e'",
      "const f = await import('./f')",
      "type G = typeof import('./g')",
      "// import { h } from './h'",
      'const text = "from \'./i\'"',
    ].join('\n')
    expect(importsOf('x.ts', source)).toEqual([
      { specifier: './a', typeOnly: false },
      { specifier: './c', typeOnly: true },
      { specifier: './d', typeOnly: true },
      { specifier: './e', typeOnly: false },
      { specifier: './f', typeOnly: false },
      { specifier: './g', typeOnly: true },
    ])
  })

  it('name each upward import, type-only too, and production code reaching for test code', () => {
    const graph = graphOf({
      'lib/a.ts': ['type:agent/b.ts', 'scripts/c.ts', 'lib/d.ts'],
      'agent/b.ts': ['scripts/c.ts', 'lib/d.ts'],
      'components/e.tsx': ['app/f.ts'],
      'lib/d.ts': ['test-support/kit.ts'],
      'lib/d.test.ts': ['test-support/kit.ts', 'agent/b.ts'],
      'test-support/kit.ts': ['agent/b.ts', 'scripts/c.ts'],
    })
    expect(importViolations(graph)).toEqual([
      'agent/b.ts imports scripts/c.ts: agent may import only agent, lib',
      'components/e.tsx imports app/f.ts: components may import only components, lib',
      'lib/a.ts imports agent/b.ts: lib may import only lib',
      'lib/a.ts imports scripts/c.ts: lib may import only lib',
      'lib/d.test.ts imports agent/b.ts: lib may import only lib',
      'lib/d.ts imports test-support/kit.ts: production code must not import test code',
    ])
  })

  it('find circles of production files, however long, that hold at run time', () => {
    const graph = graphOf({
      'lib/a.ts': ['lib/b.ts'],
      'lib/b.ts': ['lib/c.ts'],
      'lib/c.ts': ['lib/a.ts', 'lib/d.ts'],
      'lib/d.ts': ['type:lib/e.ts'],
      'lib/e.ts': ['lib/d.ts'],
      'lib/self.ts': ['lib/self.ts'],
    })
    expect(importCycles(graph)).toEqual([['lib/a.ts', 'lib/b.ts', 'lib/c.ts'], ['lib/self.ts']])
  })

  it('hold for every tracked file of this repository, tests included', () => {
    const graph = readImportGraph(root)
    expect(graph.size).toBeGreaterThan(300)
    expect(importViolations(graph)).toEqual([])
    expect(importCycles(graph)).toEqual([])
    // Reads and parses every tracked file: seconds alone, more while other suites load the cores.
  }, 60_000)
})
