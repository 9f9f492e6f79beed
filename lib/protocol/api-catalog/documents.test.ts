import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { addressHex } from '../wire-fields'
import { agentOpenApi, marketOpenApi, OPENAPI_FILES, PROTOCOL_FILE, protocolBlocks } from './documents'
import { generatedBlock } from './generated-blocks'
import { jsonSchemaOf } from './openapi'

const root = join(import.meta.dirname, '../../..')
const read = (file: string) => readFileSync(join(root, file), 'utf8')
const REGENERATE = 'out of date: run `npm run docs:openapi` and commit the result'

describe('the committed API documents', () => {
  it.each([
    ['agent', OPENAPI_FILES.agent, agentOpenApi],
    ['market', OPENAPI_FILES.market, marketOpenApi],
  ])('%s: %s is what the route catalog generates', (_name, file, generate) => {
    expect(JSON.parse(read(file)), `${file} is ${REGENERATE}`).toEqual(generate())
  })

  it.each(Object.entries(protocolBlocks()))(
    'PROTOCOL.md: the generated block %s is current',
    (name, text) => {
      expect(generatedBlock(read(PROTOCOL_FILE), name), `${PROTOCOL_FILE} is ${REGENERATE}`).toBe(text.trim())
    },
  )

  it('names every operation once', () => {
    const ids = [agentOpenApi(), marketOpenApi()].flatMap((document) =>
      Object.values(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
        (methods) => Object.values(methods).map((operation) => operation.operationId),
      ),
    )
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('jsonSchemaOf', () => {
  it('writes custom address and hash checks as patterns', () => {
    const txHash = z.custom<string>((v) => typeof v === 'string' && /^0x[0-9a-f]{64}$/i.test(v))
    expect(jsonSchemaOf(z.object({ who: addressHex, tx: txHash }))).toMatchObject({
      properties: {
        who: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' },
        tx: { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$' },
      },
    })
  })

  it('refuses a custom check it cannot describe, naming where it is', () => {
    const anything = z.custom<string>(() => true)
    expect(() => jsonSchemaOf(z.object({ odd: anything }))).toThrow(/at properties\.odd has no JSON Schema/)
  })

  it('reads schemas as input: transforms show what is sent', () => {
    const schema = z.object({ n: z.string().transform(Number).optional(), m: z.string() })
    expect(jsonSchemaOf(schema)).toMatchObject({ required: ['m'], properties: { n: { type: 'string' } } })
  })
})
