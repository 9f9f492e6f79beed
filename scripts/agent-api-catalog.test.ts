import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { AgentApi } from '@/agent/core/agent-api'
import { createAgentApp } from '@/agent/http/app'
import { rentalIdSchema } from '@/agent/http/rental-access'
import * as served from '@/agent/http/validation'
import type { GpuDevice, GpuMetricSample } from '@/agent/inventory/gpu-device'
import * as documented from '@/lib/protocol/agent-queries'
import type {
  gpuDeviceSchema,
  gpuMetricSampleSchema,
  signedOfferEntrySchema,
} from '@/lib/protocol/agent-replies'
import { AGENT_ROUTES } from '@/lib/protocol/api-catalog/agent-routes'
import { jsonSchemaOf } from '@/lib/protocol/api-catalog/openapi'
import { routeKey } from '@/lib/protocol/api-catalog/route-doc'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'

/** Routes still served while their removal is under way; delete each entry once its route is gone. */
// The documented answers hold every field of the agent's own types, and no other (compile-time).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameKeys: [
  Same<keyof z.infer<typeof gpuDeviceSchema>, keyof GpuDevice>,
  Same<keyof z.infer<typeof gpuMetricSampleSchema>, keyof GpuMetricSample>,
  Same<keyof z.infer<typeof signedOfferEntrySchema>, keyof SignedOfferJson>,
] = [true, true, true]

/** The routes createAgentApp registers, as `METHOD /path` with OpenAPI path templates. */
function servedRoutes(): string[] {
  const unused = new Proxy({} as AgentApi, {
    get: () => () => {
      throw new Error('listing routes calls no handler')
    },
  })
  const app = createAgentApp({
    api: unused,
    operator: '0x0000000000000000000000000000000000000001',
    origin: 'https://agent.example.com',
    maxBodyBytes: 1024,
  })
  // `ALL` entries are middleware and the 405 answers for other methods, not routes of their own.
  const keys = app.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`)
  return [...new Set(keys)]
}

describe('the agent route catalog', () => {
  it('lists exactly the routes the agent registers', () => {
    expect(sameKeys).toEqual([true, true, true])
    const routes = servedRoutes()
    expect(AGENT_ROUTES.map(routeKey).sort()).toEqual(routes.sort())
  })

  // lib/protocol cannot import the agent, so it documents the agent's query schemas through twins.
  const twins = [
    ['logs query', documented.logsQuerySchema, served.logsQuerySchema, ['after', 'limit']],
    ['stream query', documented.streamQuerySchema, served.streamQuerySchema, ['after']],
    ['metrics query', documented.metricsQuerySchema, served.metricsQuerySchema, ['since']],
  ] as const
  const samples = [
    '0',
    '7',
    '1000',
    '1001',
    '-1',
    '1e3',
    '0x10',
    ' 5',
    '',
    '9007199254740991',
    '9007199254740992',
  ]

  it.each(twins)('the documented %s is the one the agent parses with', (_name, mine, theirs, fields) => {
    expect(jsonSchemaOf(mine)).toEqual(jsonSchemaOf(theirs))
    for (const field of fields) {
      for (const value of [...samples, undefined]) {
        const query = value === undefined ? {} : { [field]: value }
        expect(mine.safeParse(query).data, `${field}=${value}`).toEqual(theirs.safeParse(query).data)
      }
    }
  })

  it('documents the rental id as the agent parses it', () => {
    const ids = [
      '0',
      '42',
      '0x2a',
      `0x${'f'.repeat(64)}`,
      `0x${'1'.repeat(65)}`,
      '1'.repeat(78),
      '1'.repeat(79),
      '-1',
      'abc',
    ]
    ids.push((2n ** 256n).toString(), (2n ** 256n - 1n).toString())
    for (const id of ids) {
      expect(documented.rentalIdParamSchema.safeParse(id).data, id).toEqual(rentalIdSchema.safeParse(id).data)
    }
    expect(documented.MAX_LOG_PAGE).toBe(served.MAX_LOG_PAGE)
  })
})
