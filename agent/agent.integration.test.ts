import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cost } from '@/lib/chain/pricing'
import { RentalStatus } from '@/lib/chain/rental-status'
import type { LogPage } from '@/lib/protocol/job-logs'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import { type AgentWorld, createAgentWorld, type RentJobSpec } from '@/test-support/agent/agent-world'
import { eventually } from '@/test-support/eventually'
import { processStart } from './jobs/proc-stat'

let w: AgentWorld
beforeAll(async () => {
  w = await createAgentWorld()
})
afterAll(() => w?.close())

/** A job that says hello, shows what it was given, then keeps printing until it is killed. */
const job = (tag: string): RentJobSpec => ({
  command: [
    process.execPath,
    '-e',
    `console.log('hello from ${tag}');
     console.log('gpus=' + process.env.CUDA_VISIBLE_DEVICES);
     console.log('key=' + (process.env.WEFT_PROVIDER_KEY ?? 'absent'));
     let n = 0; setInterval(() => console.log('tick ' + n++), 200)`,
  ],
  env: { TAG: tag },
})

/** A single-GPU offer (a GPU a previous test stopped is offered again within a poll or two). */
function oneGpuOffer(model = 'H100-SXM-80GB'): Promise<SignedOfferJson> {
  return eventually(`a single-GPU ${model} offer`, async () =>
    (await w.offers()).find((o) => o.offer.gpuModel === model && o.offer.gpuCount === 1),
  )
}

async function status(id: bigint, as = w.renter) {
  const response = await w.signed(as, `/v1/rentals/${id}`)
  return (await response.json()) as { status: string; timeline: { status: string; note?: string }[] }
}

async function logText(id: bigint) {
  const page = (await (await w.signed(w.renter, `/v1/rentals/${id}/logs?limit=1000`)).json()) as LogPage
  return page.lines.map((l) => l.text)
}

describe('provider agent against a real chain', () => {
  it('serves signed offers for its simulated GPUs', async () => {
    const offers = await w.offers()
    expect(offers.map((o) => `${o.offer.gpuModel}x${o.offer.gpuCount}`).sort()).toEqual([
      'H100-SXM-80GBx1',
      'H100-SXM-80GBx2',
      'H100-SXM-80GBx4',
      'RTX-4090-PCIE-24GBx1',
    ])
    // Each signs what it gives: the browser's ways in (no sshPort here), run by the process runner.
    for (const o of offers)
      expect(o.resources).toMatchObject({ access: ['terminal', 'ports', 'files'], isolation: 'process' })
    const health = (await (await fetch(`${w.base}/v1/health`)).json()) as {
      gpus: number
      chainReachable: boolean
    }
    expect(health).toMatchObject({ gpus: 5, chainReachable: true })
  })

  it('runs a paid rental from rent to claim: job output in its logs, killed on stop, paid to the unit', async () => {
    const signedOffer = await oneGpuOffer()
    const spec = job('rent-to-claim')
    const providerBefore = await w.balance(w.provider.address)
    const renterBefore = await w.balance(w.renter.address)
    const { id } = await w.rent(signedOffer, 3600, spec)

    await eventually('the job to run', async () =>
      (await status(id)).status === 'running' ? true : undefined,
    )
    const lines = await eventually('the job output', async () => {
      const text = await logText(id)
      return text.includes('hello from rent-to-claim') ? text : undefined
    })
    expect(lines).toContain(`gpus=${signedOffer.gpuIndices.join(',')}`)
    expect(lines).toContain('key=absent')
    // The rented GPU left the offers at once.
    expect((await w.offers()).some((o) => o.gpuIndices.includes(signedOffer.gpuIndices[0] ?? -1))).toBe(false)

    const stop = await w.renterCall('stop', id)
    const onchain = await w.agent.chain.getRental(id)
    await eventually(
      'the job to be stopped',
      async () => ((await status(id)).status === 'stopped' ? true : undefined),
      15_000,
    )
    await eventually(
      'the provider to claim',
      async () => (w.agent.store.rental(id)?.settled ? true : undefined),
      15_000,
    )

    const price = BigInt(signedOffer.offer.pricePerHour)
    const accrued = cost(price, onchain.duration)
    expect(onchain.status).toBe(RentalStatus.Stopped)
    expect(await w.balance(w.provider.address)).toBe(providerBefore + accrued)
    expect(await w.balance(w.renter.address)).toBe(renterBefore - accrued)
    expect(await w.balance(w.deployment.market)).toBe(100n * 10n ** 6n) // only the stake is left
    expect(stop.status).toBe('success')
    // Stopped jobs free their GPU again.
    await eventually('the GPU to be offered again', async () =>
      (await w.offers()).some((o) => o.gpuIndices.includes(signedOffer.gpuIndices[0] ?? -1))
        ? true
        : undefined,
    )
  })

  it('runs exactly the spec sealed in the rent transaction, and has no delivery route', async () => {
    const signedOffer = await oneGpuOffer('RTX-4090-PCIE-24GB')
    const spec = job('sealed')
    const { id } = await w.rent(signedOffer, 600, spec)
    await eventually('the job output', async () =>
      (await logText(id)).includes('hello from sealed') ? true : undefined,
    )
    const record = w.agent.store.rental(id)
    expect(record?.spec).toMatchObject({ command: spec.command, env: spec.env, onExit: 'finish' })
    const delivery = await w.signed(w.renter, `/v1/rentals/${id}/job`, {
      method: 'POST',
      body: JSON.stringify(job('something else')),
    })
    expect(delivery.status).toBe(404)
    await w.renterCall('stop', id)
    await eventually('the job to be stopped', async () =>
      (await status(id)).status === 'stopped' ? true : undefined,
    )
  })

  it("lets only the operator and the rental's renter read it", async () => {
    const signedOffer = await oneGpuOffer('RTX-4090-PCIE-24GB')
    const { id } = await w.rent(signedOffer, 600, job('private'))
    expect((await w.signed(w.stranger, `/v1/rentals/${id}`)).status).toBe(403)
    expect((await fetch(`${w.base}/v1/rentals/${id}`)).status).toBe(401)
    expect((await w.signed(w.renter, `/v1/rentals/${id}`)).status).toBe(200)
    await eventually('the job to run', async () =>
      (await status(id)).status === 'running' ? true : undefined,
    )
    await w.renterCall('stop', id)
  })

  it('kills the job within seconds when the rental reaches its end on-chain', async () => {
    const signedOffer = await oneGpuOffer()
    const spec = job('short')
    const { id } = await w.rent(signedOffer, 6, spec)
    await eventually('the job to run', async () =>
      (await status(id)).status === 'running' ? true : undefined,
    )
    const ended = await eventually(
      'the job to expire',
      async () => {
        const s = await status(id)
        return s.status === 'expired' ? s : undefined
      },
      20_000,
    )
    expect(ended.timeline.map((t) => t.status)).toEqual([
      'pending',
      'starting',
      'starting',
      'running',
      'expired',
    ])
    const text = await logText(id)
    expect(text.some((line) => line.includes('stop'))).toBe(true)
  })

  it('survives a restart mid-job: reattaches, never starts the job twice, still stops it', async () => {
    const signedOffer = await oneGpuOffer()
    const spec = job('restart')
    const { id } = await w.rent(signedOffer, 3600, spec)
    await eventually('the job to run', async () =>
      (await status(id)).status === 'running' ? true : undefined,
    )
    await eventually('output', async () =>
      (await logText(id)).includes('hello from restart') ? true : undefined,
    )

    await w.restartAgent()
    expect((await status(id)).status).toBe('running')
    await eventually('more output after the restart', async () =>
      (await logText(id)).filter((l) => l.startsWith('tick')).length > 10 ? true : undefined,
    )
    expect((await logText(id)).filter((l) => l === 'hello from restart')).toHaveLength(1)

    await w.renterCall('stop', id)
    await eventually(
      'the job to be stopped',
      async () => ((await status(id)).status === 'stopped' ? true : undefined),
      15_000,
    )
  })

  it('reports a job lost while the agent was down as failed, never runs it again, and finishes the rental', async () => {
    const signedOffer = await oneGpuOffer()
    const spec = job('lost')
    const { id } = await w.rent(signedOffer, 3600, spec)
    await eventually('the job to run', async () =>
      (await status(id)).status === 'running' ? true : undefined,
    )
    await eventually('output', async () =>
      (await logText(id)).includes('hello from lost') ? true : undefined,
    )
    const jobDir = w.agent.store.rental(id)?.jobDir ?? ''
    // supervisor.json: `pid` is the supervisor's, `jobPid` the job's (and its process group's).
    const supervisor = JSON.parse(readFileSync(path.join(jobDir, 'supervisor.json'), 'utf8')) as {
      pid: number
      jobPid: number
    }

    await w.restartAgent(async () => {
      // The host loses the supervisor and the job while the agent is down (OOM killer, reboot).
      process.kill(supervisor.pid, 'SIGKILL')
      process.kill(-supervisor.jobPid, 'SIGKILL')
      // A signal takes effect when the kernel next schedules the process: on a busy machine the
      // agent could otherwise come back while both still run, which is another scenario.
      await eventually('the supervisor and the job to be gone', async () =>
        processStart(supervisor.pid) === undefined && processStart(supervisor.jobPid) === undefined
          ? true
          : undefined,
      )
    })
    const after = await status(id)
    expect(after.status).toBe('failed')
    expect(after.timeline.some((t) => t.note?.includes('lost while the agent was down'))).toBe(true)
    expect((await logText(id)).filter((l) => l === 'hello from lost')).toHaveLength(1)
    // Nothing runs any more: the renter is not billed for the rest of the paid time.
    await eventually('the rental to be finished on-chain', async () =>
      (await w.agent.chain.getRental(id)).status === RentalStatus.Finished ? true : undefined,
    )
  })
})
