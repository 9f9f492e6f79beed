import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/*
 * What the marketplace sends before anyone touches it: every module a 'use client' file reaches by
 * static imports from `/`'s layout and page is in its first load. The wallet stack, the chain
 * client, the schemas (zod) and the query library load on intent or with the first fetch
 * (market-queries.ts, lib/query/deferred-query.ts); a static import of one of them anywhere in that
 * graph adds from 12 to tens of kilobytes to every first visit.
 */
const root = path.resolve(import.meta.dirname, '../..')
const ENTRIES = ['app/layout.tsx', 'app/anonymous/[page]/page.tsx']
const LATER = [
  'zod',
  'viem',
  'wagmi',
  '@rainbow-me/rainbowkit',
  '@wagmi/core',
  '@wagmi/connectors',
  '@tanstack/react-query',
  '@tanstack/query-core',
]

function resolveModule(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith('@/')
    ? path.join(root, specifier.slice(2))
    : specifier.startsWith('.')
      ? path.resolve(path.dirname(from), specifier)
      : undefined
  if (!base) return undefined
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  throw new Error(`${path.relative(root, from)} imports ${specifier}, which does not resolve`)
}

/** The module's static, value-carrying imports and re-exports (type-only ones load nothing). */
function staticImports(file: string): { specifiers: string[]; client: boolean } {
  const text = readFileSync(file, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false)
  const specifiers: string[] = []
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause
      const named = clause?.namedBindings
      const onlyTypes =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          named &&
          ts.isNamedImports(named) &&
          named.elements.every((e) => e.isTypeOnly))
      if (!onlyTypes && ts.isStringLiteral(statement.moduleSpecifier))
        specifiers.push(statement.moduleSpecifier.text)
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier) {
      if (ts.isStringLiteral(statement.moduleSpecifier)) specifiers.push(statement.moduleSpecifier.text)
    }
  }
  return { specifiers, client: /^\s*['"]use client['"]/.test(text) }
}

/** Each package the first load takes, with the chain of modules that brings it in. */
function firstLoadPackages(): Map<string, string[]> {
  const packages = new Map<string, string[]>()
  const seen = new Set<string>()
  const queue = ENTRIES.map((entry) => ({ file: path.join(root, entry), client: false, chain: [entry] }))
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { file, client: below, chain } = next
    const key = `${file}\n${below}`
    if (seen.has(key)) continue
    seen.add(key)
    const module = staticImports(file)
    const client = below || module.client
    for (const specifier of module.specifiers) {
      const resolved = resolveModule(file, specifier)
      if (resolved) queue.push({ file: resolved, client, chain: [...chain, path.relative(root, resolved)] })
      else if (client) {
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : specifier.split('/')[0]
        if (name && !packages.has(name)) packages.set(name, [...chain, specifier])
      }
    }
  }
  return packages
}

describe('the marketplace’s first load', () => {
  it('takes neither the wallet stack, nor the chain client, nor the schemas, nor the query library', () => {
    const packages = firstLoadPackages()
    expect(packages.has('react')).toBe(true) // the walk reached the client islands
    const early = LATER.filter((name) => packages.has(name)).map(
      (name) => `${name}, through ${(packages.get(name) ?? []).join(' → ')}`,
    )
    expect(early).toEqual([])
  })
})
