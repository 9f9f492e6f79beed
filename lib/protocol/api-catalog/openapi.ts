import { z } from 'zod'
import { AGENT_REQUEST_HEADERS } from '@/lib/agent-auth/request-signing'
import { errorBodySchema, type Parameters, type Reply, type RouteAuth, type RouteDoc } from './route-doc'

/*
 * OpenAPI 3.1 documents from route lists. Every schema is zod's own JSON Schema conversion
 * (`z.toJSONSchema`) of the schema the code uses, read as input: what a client sends and what a
 * server's answer must be for its readers to accept it.
 */

type Json = Record<string, unknown>

const ADDRESS = `0x${'11'.repeat(20)}`
const HASH = `0x${'22'.repeat(32)}`

/**
 * zod cannot see inside `z.custom` checks, so each one is recognised by what it accepts: an address
 * or a 32-byte hash. Any other custom schema stops the conversion, naming where it sits.
 */
function customSchema(schema: z.core.$ZodType, path: (string | number)[]): Json {
  const accepts = (value: string) => z.safeParse(schema, value).success
  if (!accepts('not hex')) {
    if (accepts(ADDRESS) && !accepts(HASH)) return { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' }
    if (accepts(HASH) && !accepts(ADDRESS)) return { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$' }
  }
  throw new Error(`a custom schema at ${path.join('.') || 'the root'} has no JSON Schema form; describe it`)
}

/** The JSON Schema (2020-12) of what `schema` accepts. */
export function jsonSchemaOf(schema: z.ZodType): Json {
  const converted: Json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'custom') return customSchema(ctx.zodSchema, ctx.path)
      return 'throw'
    },
  })
  const { $schema: _dialect, ...rest } = converted
  if ('$defs' in rest) throw new Error('a schema refers to itself; the documents inline every schema')
  return rest
}

/** Schemas given a name under components.schemas, referred to by `$ref` wherever a route answers them. */
const NAMED = new Map<z.ZodType, string>([[errorBodySchema, 'Error']])

function bodySchema(schema: z.ZodType): Json {
  const name = NAMED.get(schema)
  return name ? { $ref: `#/components/schemas/${name}` } : jsonSchemaOf(schema)
}

function parameters(where: 'path' | 'query', given: Parameters | undefined): Json[] {
  if (!given) return []
  const fields = Object.entries(given.schema.shape) as [string, z.ZodType][]
  const unnoted = fields.filter(([name]) => !(name in given.notes)).map(([name]) => name)
  const stray = Object.keys(given.notes).filter((name) => !(name in given.schema.shape))
  if (unnoted.length || stray.length) {
    throw new Error(`${where} parameters need one note each: missing ${unnoted}, unknown ${stray}`)
  }
  return fields.map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || !schema.safeParse(undefined).success,
    description: given.notes[name],
    schema: jsonSchemaOf(schema),
  }))
}

function response(reply: Reply): Json {
  const headers = reply.headers
    ? Object.fromEntries(
        Object.entries(reply.headers).map(([name, description]) => [
          name,
          { description, schema: { type: 'string' } },
        ]),
      )
    : undefined
  let content: Json | undefined
  if (reply.json) content = { 'application/json': { schema: bodySchema(reply.json) } }
  if (reply.events) {
    const events = Object.fromEntries(
      Object.entries(reply.events).map(([name, s]) => [name, jsonSchemaOf(s)]),
    )
    content = {
      'text/event-stream': {
        schema: { type: 'string', description: 'Server-sent events; each `data` is JSON (see x-events).' },
        'x-events': events,
      },
    }
  }
  return { description: reply.description, ...(headers && { headers }), ...(content && { content }) }
}

/** `GET /v1/rentals/{id}/logs` → `getV1RentalsIdLogs`. */
function operationId(route: RouteDoc): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean)
  return [route.method.toLowerCase(), ...words.map((w) => w[0]?.toUpperCase() + w.slice(1))].join('')
}

const SECURITY: Record<RouteAuth, Json[] | undefined> = {
  none: undefined,
  'agent-signature': [{ weftAddress: [], weftTimestamp: [], weftNonce: [], weftSignature: [] }],
  session: [{ session: [] }],
  'access-token': [{ accessToken: [] }, { accessTokenQuery: [] }, { accessCookie: [] }],
}

function operation(route: RouteDoc): Json {
  const params = [...parameters('path', route.params), ...parameters('query', route.query)]
  const responses = Object.fromEntries(
    Object.entries(route.replies)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, reply]) => [status, response(reply)]),
  )
  const security = SECURITY[route.auth]
  return {
    operationId: operationId(route),
    summary: route.summary,
    description: route.description,
    ...(security && { security }),
    ...(params.length && { parameters: params }),
    ...(route.body && {
      requestBody: {
        required: true,
        description: route.body.description,
        content: { 'application/json': { schema: bodySchema(route.body.schema) } },
      },
    }),
    responses,
  }
}

const AGENT_HEADER_NOTES = {
  weftAddress: [AGENT_REQUEST_HEADERS.address, 'The signer’s address.'],
  weftTimestamp: [
    AGENT_REQUEST_HEADERS.timestamp,
    'Unix seconds when signed; at most 60 s from the agent’s clock.',
  ],
  weftNonce: [AGENT_REQUEST_HEADERS.nonce, 'A fresh random nonce, 32–128 lower-case hex digits.'],
  weftSignature: [
    AGENT_REQUEST_HEADERS.signature,
    'EIP-191 personal_sign of the canonical request text (PROTOCOL.md, “Signed requests”).',
  ],
} as const

export const SECURITY_SCHEMES: Record<string, Json> = {
  ...Object.fromEntries(
    Object.entries(AGENT_HEADER_NOTES).map(([key, [name, description]]) => [
      key,
      { type: 'apiKey', in: 'header', name, description },
    ]),
  ),
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: '__Host-weft_session',
    description:
      'The session cookie POST /api/auth/verify sets (`weft_session` outside production). Routes that need it answer 401 without it.',
  },
  accessToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A rental access token from POST /v1/rentals/{id}/access-token (about 10 minutes; bound to the rental, renter and scopes).',
  },
  accessTokenQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description: 'The access token as a query parameter, for WebSockets and links a browser opens.',
  },
  accessCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'weft_access',
    description: 'The httpOnly cookie the port proxy sets from a `?token=`, scoped to /v1/rentals/{id}/.',
  },
}

export type DocumentInfo = { title: string; version: string; description: string }

/** An OpenAPI 3.1 document of `routes`, paths and methods in a stable order. */
export function openApiDocument(info: DocumentInfo, routes: readonly RouteDoc[]): Json {
  const paths: Record<string, Record<string, Json>> = {}
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    const methods = paths[route.path] ?? {}
    paths[route.path] = methods
    const method = route.method.toLowerCase()
    if (methods[method]) throw new Error(`${route.method} ${route.path} is listed twice`)
    methods[method] = operation(route)
  }
  const used = new Set(
    routes.flatMap((r) => (SECURITY[r.auth] ?? []).flatMap((option) => Object.keys(option))),
  )
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info,
    paths,
    components: {
      schemas: Object.fromEntries([...NAMED].map(([schema, name]) => [name, jsonSchemaOf(schema)])),
      securitySchemes: Object.fromEntries(Object.entries(SECURITY_SCHEMES).filter(([key]) => used.has(key))),
    },
  }
}
