import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { MARKET_ROUTES } from './market-routes'
import { HTTP_METHODS, routeKey } from './route-doc'

/** Routes still served while their removal is under way; delete each entry once its route is gone. */
const root = join(import.meta.dirname, '../../..')

/** The HTTP methods a route module exports (`export const GET`, `export function POST`, `export { GET }`). */
function exportedMethods(source: string): string[] {
  const file = ts.createSourceFile('route.ts', source, ts.ScriptTarget.Latest)
  const names: string[] = []
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const d of statement.declarationList.declarations)
        if (ts.isIdentifier(d.name)) names.push(d.name.text)
    } else if (ts.isFunctionDeclaration(statement) && exported(statement) && statement.name) {
      names.push(statement.name.text)
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      names.push(...statement.exportClause.elements.map((e) => e.name.text))
    }
  }
  return names.filter((name) => (HTTP_METHODS as readonly string[]).includes(name))
}

/** Every method and path the app serves under app/api, paths written as OpenAPI templates. */
function servedRoutes(): string[] {
  const app = join(root, 'app')
  const files = readdirSync(join(app, 'api'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file === 'route.ts' || file.endsWith('/route.ts'))
    .map((file) => join('api', file))
  return files.flatMap((file) => {
    const path = `/${file.replace(/\/?route\.ts$/, '')}`.replace(/\[([^\]]+)\]/g, '{$1}')
    return exportedMethods(readFileSync(join(app, file), 'utf8')).map((method) => `${method} ${path}`)
  })
}

describe('the market route catalog', () => {
  it('lists exactly the routes app/api serves', () => {
    const served = servedRoutes()
    expect(MARKET_ROUTES.map(routeKey).sort()).toEqual(served.sort())
  })

  it('finds route modules and their methods however they are exported', () => {
    const source =
      'export const GET = route(x)\nexport async function POST() {}\nconst PUT = 1\nexport { PUT }\nexport const dynamic = 1'
    expect(exportedMethods(source)).toEqual(['GET', 'POST', 'PUT'])
    expect(servedRoutes()).toContain('GET /api/rentals/{id}/events')
  })
})
