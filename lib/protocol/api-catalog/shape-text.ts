/*
 * A JSON Schema written as a compact TypeScript-like shape for PROTOCOL.md: `{ seq: integer,
 * stream: "stdout" | "stderr" }[]`. Bounds are left to the OpenAPI documents; hex patterns that
 * carry meaning are named (address, bytes32, decimal).
 */

type Schema = Record<string, unknown>

const NAMED_PATTERNS: Record<string, string> = {
  '^0x[0-9a-fA-F]{40}$': 'address',
  '^0x[0-9a-fA-F]{64}$': 'bytes32',
  '^\\d+$': 'decimal',
}

function primitive(schema: Schema): string | undefined {
  if ('const' in schema) return JSON.stringify(schema.const)
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ')
  if (schema.type === 'string') {
    const pattern = typeof schema.pattern === 'string' ? schema.pattern : ''
    if (NAMED_PATTERNS[pattern]) return NAMED_PATTERNS[pattern]
    if (/^\^\(0\|\[1-9\]\[0-9\]\{0,\d+\}\)\$$/.test(pattern)) return 'decimal'
    if (/^\^0x\[0-9a-fA-F\]\{\d+\}\$$/.test(pattern)) return 'hex'
    return 'string'
  }
  if (typeof schema.type === 'string' && schema.type !== 'object' && schema.type !== 'array')
    return schema.type
  return undefined
}

/** `schema` on one line: `{ a: integer, b?: string }`. */
export function inlineShapeText(schema: Schema): string {
  return shapeText(schema)
    .replace(/\{\n\s*/g, '{ ')
    .replace(/\n\s*\}/g, ' }')
    .replace(/\n\s*/g, ', ')
}

/** `schema` as shape text; nested objects are indented by two spaces per level. */
export function shapeText(schema: Schema, indent = ''): string {
  if (Array.isArray(schema.type)) {
    return schema.type.map((type) => shapeText({ ...schema, type }, indent)).join(' | ')
  }
  const simple = primitive(schema)
  if (simple) return simple
  const members = schema.anyOf ?? schema.oneOf
  if (Array.isArray(members)) {
    return (members as Schema[]).map((member) => shapeText(member, indent)).join(' | ')
  }
  if (schema.type === 'array') {
    const items = (schema.items as Schema | undefined) ?? {}
    const item = shapeText(items, indent)
    const union = Array.isArray(items.anyOf ?? items.oneOf ?? items.type) || Array.isArray(items.enum)
    return union ? `(${item})[]` : `${item}[]`
  }
  if (schema.type === 'object') {
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {}
    const required = new Set((schema.required as string[] | undefined) ?? [])
    const names = Object.keys(properties)
    if (names.length === 0) {
      const values = schema.additionalProperties
      return typeof values === 'object' && values
        ? `{ [name: string]: ${shapeText(values as Schema, indent)} }`
        : '{}'
    }
    const inner = `${indent}  `
    const lines = names.map((name) => {
      const value = properties[name] ?? {}
      const optional = required.has(name) ? '' : '?'
      return `${inner}${name}${optional}: ${shapeText(value, inner)}`
    })
    return `{\n${lines.join('\n')}\n${indent}}`
  }
  return 'any'
}
