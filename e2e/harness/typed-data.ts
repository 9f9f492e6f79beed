import type { TypedData, TypedDataDefinition } from 'viem'
import { z } from 'zod'

const fieldList = z.array(z.object({ name: z.string(), type: z.string() }))
// viem's TypedData type forbids keys such as "uint[]"; the fields are checked by fieldList first.
const typedDataTypes = z.custom<TypedData>((v) => z.record(z.string(), fieldList).safeParse(v).success)
const typedDataJson = z.object({
  domain: z.record(z.string(), z.unknown()),
  types: z.record(z.string(), fieldList),
  primaryType: z.string(),
  message: z.record(z.string(), z.unknown()),
})

type Fields = Record<string, { name: string; type: string }[]>

/** JSON carries integers as strings or numbers; viem encodes them from bigints. */
function revive(type: string, value: unknown, types: Fields): unknown {
  if (type.endsWith(']')) {
    const inner = type.slice(0, type.lastIndexOf('['))
    return Array.isArray(value) ? value.map((item) => revive(inner, item, types)) : value
  }
  if (/^u?int\d*$/.test(type) && (typeof value === 'string' || typeof value === 'number')) {
    return BigInt(value)
  }
  const fields = types[type]
  if (fields && typeof value === 'object' && value !== null) {
    return Object.fromEntries(fields.map((f) => [f.name, revive(f.type, Reflect.get(value, f.name), types)]))
  }
  return value
}

function record(value: unknown): Record<string, unknown> {
  return z.record(z.string(), z.unknown()).parse(value)
}

/** Parses an `eth_signTypedData_v4` payload into what viem's `signTypedData` takes. */
export function parseTypedData(json: string): TypedDataDefinition<TypedData, string> {
  const data = typedDataJson.parse(JSON.parse(json))
  const { EIP712Domain: domainFields = [], ...types } = data.types
  return {
    domain: record(revive('EIP712Domain', data.domain, { EIP712Domain: domainFields })),
    types: typedDataTypes.parse(types),
    primaryType: data.primaryType,
    message: record(revive(data.primaryType, data.message, types)),
  }
}
