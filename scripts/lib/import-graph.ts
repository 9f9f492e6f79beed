import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** An import of a repository file (repository-relative path); type-only ones vanish when compiled. */
export type ImportEdge = { target: string; typeOnly: boolean }
/** Each tracked module's imports of other repository files. */
export type ImportGraph = Map<string, ImportEdge[]>

const EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx']

/**
 * The repository file `specifier` names from `from` (`@/` is the repository root, as in
 * tsconfig), or undefined for a package. A local specifier that names no file is returned as
 * written so a rule still sees which folder it reaches for.
 */
export function resolveSpecifier(root: string, from: string, specifier: string): string | undefined {
  let base: string
  if (specifier.startsWith('@/')) base = specifier.slice(2)
  else if (specifier.startsWith('.')) base = path.posix.join(path.posix.dirname(from), specifier)
  else return undefined
  for (const extension of EXTENSIONS) {
    const candidate = base + extension
    if (path.extname(candidate) && existsSync(path.join(root, candidate))) return candidate
  }
  return base
}

/** The specifiers `source` imports; type-only ones (erased when compiled) are marked. */
export function importsOf(fileName: string, source: string): { specifier: string; typeOnly: boolean }[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false)
  const found: { specifier: string; typeOnly: boolean }[] = []
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const named = clause?.namedBindings
      const allNamedTypes =
        named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && !clause?.name
          ? named.elements.every((element) => element.isTypeOnly)
          : false
      found.push({
        specifier: node.moduleSpecifier.text,
        typeOnly: Boolean(clause?.isTypeOnly) || allNamedTypes,
      })
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly })
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal
      if (ts.isStringLiteral(literal)) found.push({ specifier: literal.text, typeOnly: true })
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      const [argument] = node.arguments
      if (argument && ts.isStringLiteralLike(argument))
        found.push({ specifier: argument.text, typeOnly: false })
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

/**
 * Reads the imports (declarations, export-from, dynamic `import()`, `require`, `import('…')`
 * types) of every tracked `.ts`/`.tsx` file under `root` from its syntax tree, so comments and
 * strings that look like imports are not counted.
 */
export function readImportGraph(root: string): ImportGraph {
  const listed = execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.tsx'], {
    cwd: root,
    encoding: 'utf8',
  })
  const graph: ImportGraph = new Map()
  for (const file of listed.split('\0').filter(Boolean)) {
    // A file deleted in the work tree but not yet from the index has nothing left to check.
    if (!existsSync(path.join(root, file))) continue
    const edges: ImportEdge[] = []
    for (const { specifier, typeOnly } of importsOf(file, readFileSync(path.join(root, file), 'utf8'))) {
      const target = resolveSpecifier(root, file, specifier)
      if (target !== undefined) edges.push({ target, typeOnly })
    }
    graph.set(file, edges)
  }
  return graph
}
