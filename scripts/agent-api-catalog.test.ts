import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { AgentApi } from '@/agent/core/agent-api'
import { createAgentApp } from '@/agent/http/app'
import type { GpuDevice, GpuMetricSample } from '@/agent/inventory/gpu-device'
import type {
  gpuDeviceSchema,
  gpuMetricSampleSchema,
  signedOfferEntrySchema,
} from '@/lib/protocol/agent-replies'
import { AGENT_ROUTES } from '@/lib/protocol/api-catalog/agent-routes'
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
    web: { secret: new Uint8Array(32), runner: unusedRunner, runningJob: () => undefined },
  })
  // `ALL` entries are middleware, the 405 answers for other methods and the port proxy (any
  // method, documented in PROTOCOL.md), not routes of their own. A trailing `*` is the `{path}`.
  const keys = app.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\/\*$/, '/{path}')}`)
  return [...new Set(keys)]
}

const unusedRunner = {
  exec: () => Promise.reject(new Error('listing routes runs nothing')),
  dialer: () => Promise.reject(new Error('listing routes runs nothing')),
}

describe('the agent route catalog', () => {
  it('lists exactly the routes the agent registers', () => {
    expect(sameKeys).toEqual([true, true, true])
    const routes = servedRoutes()
    expect(AGENT_ROUTES.map(routeKey).sort()).toEqual(routes.sort())
  })
})
