import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { hexBytes, uintText } from '../wire-fields'
import { jsonSchemaOf } from './openapi'
import { inlineShapeText, shapeText } from './shape-text'

const shape = (schema: z.ZodType) => shapeText(jsonSchemaOf(schema))

describe('shapeText', () => {
  it('writes objects one field a line, optional fields with ?', () => {
    expect(shape(z.object({ a: z.number().int(), b: z.string().optional() }))).toBe(
      '{\n  a: integer\n  b?: string\n}',
    )
  })

  it('names addresses, hashes and decimal strings', () => {
    expect(shape(hexBytes(20))).toBe('address')
    expect(shape(hexBytes(32))).toBe('bytes32')
    expect(shape(uintText(78))).toBe('decimal')
    expect(shape(z.string().regex(/^\d+$/))).toBe('decimal')
  })

  it('writes unions, nulls, literals and enums', () => {
    expect(shape(z.number().nullable())).toBe('number | null')
    expect(shape(z.enum(['a', 'b']))).toBe('"a" | "b"')
    expect(shape(z.literal(true))).toBe('true')
    expect(shape(z.array(z.enum(['a', 'b'])))).toBe('("a" | "b")[]')
    expect(shape(z.array(z.object({ a: z.string() }).or(z.object({ b: z.string() }))))).toBe(
      '({\n  a: string\n} | {\n  b: string\n})[]',
    )
  })

  it('writes records and nested objects indented', () => {
    expect(shape(z.object({ env: z.record(z.string(), z.string()), o: z.object({ x: z.boolean() }) }))).toBe(
      '{\n  env: { [name: string]: string }\n  o: {\n    x: boolean\n  }\n}',
    )
    expect(inlineShapeText(jsonSchemaOf(z.object({ a: z.string(), o: z.object({ x: z.boolean() }) })))).toBe(
      '{ a: string, o: { x: boolean } }',
    )
  })
})
