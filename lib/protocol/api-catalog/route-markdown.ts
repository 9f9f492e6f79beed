import { ERROR_STATUS } from '@/lib/http/error-codes'
import { jsonSchemaOf } from './openapi'
import { errorBodySchema, type Parameters, type Reply, type RouteAuth, type RouteDoc } from './route-doc'
import { inlineShapeText, shapeText } from './shape-text'

/*
 * The route catalogs as the reference sections of PROTOCOL.md: per route its purpose, who may call
 * it, its parameters, its request and answer bodies as shapes, and every status it answers.
 */

const AUTH_TEXT: Record<RouteAuth, string> = {
  none: 'public',
  'agent-signature': 'signed request (renter of the rental, or the market operator)',
  session: 'session cookie',
  'access-token': "the rental's access token (`Authorization: Bearer`, `?token=` or the access cookie)",
}

const STATUS_CODES = new Map<number, string>(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code]),
)

function parameterLines(label: string, given: Parameters | undefined): string[] {
  if (!given) return []
  const items = Object.entries(given.notes).map(([name, note]) => `- \`${name}\`: ${note}`)
  return [`${label}:`, '', ...items, '']
}

function replyText(status: number, reply: Reply): string[] {
  if (reply.json === errorBodySchema) {
    return [`- **${status}** \`${STATUS_CODES.get(status) ?? 'error'}\` — ${reply.description}`]
  }
  const lines = [`- **${status}** — ${reply.description}`]
  if (reply.json) lines.push('', '  ```ts', ...indented(shapeText(jsonSchemaOf(reply.json))), '  ```')
  for (const [event, schema] of Object.entries(reply.events ?? {})) {
    lines.push(`  - event \`${event}\`: \`${inlineShapeText(jsonSchemaOf(schema))}\``)
  }
  return lines
}

const indented = (text: string) => text.split('\n').map((line) => `  ${line}`)

function routeSection(route: RouteDoc): string {
  const lines = [
    `#### \`${route.method} ${route.path}\``,
    '',
    `${route.summary}. ${route.description} Caller: ${AUTH_TEXT[route.auth]}.`,
    '',
    ...parameterLines('Path', route.params),
    ...parameterLines('Query', route.query),
  ]
  if (route.body) {
    lines.push(`Body (\`application/json\`): ${route.body.description}`, '', '```ts')
    lines.push(shapeText(jsonSchemaOf(route.body.schema)), '```', '')
  }
  const statuses = Object.keys(route.replies)
    .map(Number)
    .sort((a, b) => a - b)
  lines.push('Answers:', '')
  for (const status of statuses) {
    const reply = route.replies[status]
    if (reply) lines.push(...replyText(status, reply))
  }
  return lines.join('\n')
}

/** Every route of a catalog, in path order. */
export function routesMarkdown(routes: readonly RouteDoc[]): string {
  const sorted = [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))
  return sorted.map(routeSection).join('\n\n')
}
