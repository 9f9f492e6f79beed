import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AgentWorld, createAgentWorld, type RentJobSpec } from '@/test-support/agent/agent-world'
import { eventually } from '@/test-support/eventually'

let w: AgentWorld
beforeAll(async () => {
  w = await createAgentWorld({ pollIntervalMs: 200 }, { rpcProxy: true })
})
afterAll(() => w?.close())

const spec: RentJobSpec = {
  command: [process.execPath, '-e', "console.log('up'); setInterval(() => {}, 1000)"],
  env: {},
}
const statusOf = async (id: bigint) =>
  ((await (await w.signed(w.renter, `/v1/rentals/${id}`)).json()) as { status: string }).status

describe('provider agent when its RPC goes away', () => {
  it('keeps the job, reports the chain unreachable, and reconciles once the RPC is back', async () => {
    const offer = (await w.offers()).find((o) => o.offer.gpuCount === 1)
    if (!offer) throw new Error('no single-GPU offer')
    const { id } = await w.rent(offer, 3600, spec)
    await eventually('the job to run', async () => ((await statusOf(id)) === 'running' ? true : undefined))

    w.proxy?.setDown(true)
    // The renter stops through its own RPC while the agent's is down.
    await w.renterCall('stop', id)
    await eventually('the agent to notice the outage', async () => {
      const health = await fetch(`${w.base}/v1/health`)
      return health.status === 503 &&
        ((await health.json()) as { chainReachable: boolean }).chainReachable === false
        ? true
        : undefined
    })
    expect(await statusOf(id)).toBe('running') // it cannot know yet, and does not guess

    w.proxy?.setDown(false)
    await eventually(
      'the stop to be applied',
      async () => ((await statusOf(id)) === 'stopped' ? true : undefined),
      20_000,
    )
    await eventually(
      'the pay to be claimed',
      async () => (w.agent.store.rental(id)?.settled ? true : undefined),
      20_000,
    )
    expect((await fetch(`${w.base}/v1/health`)).status).toBe(200)
  })
})
