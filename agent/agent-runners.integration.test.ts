import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeclineReason, RentalStatus } from '@/lib/chain/rental-status'
import type { LogPage } from '@/lib/protocol/job-logs'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import { type AgentWorld, createAgentWorld, type RentJobSpec } from '@/test-support/agent/agent-world'
import { containerTestsUnavailableReason, ensureTestImage } from '@/test-support/agent/test-image'
import { eventually } from '@/test-support/eventually'
import { sandboxUnavailableReason } from './jobs/sandbox-check'

/**
 * The agent's rent flow through the isolating runners: the workload is prepared before `start`
 * is sent, so pay never accrues for set-up, and a rental whose workload cannot be prepared is
 * declined at once (the renter refunded in full), saying why.
 */

type Status = {
  status: string
  exitCode?: number | null
  timeline: { status: string; note?: string; txHash?: string }[]
}

function worldHelpers(get: () => AgentWorld) {
  const offer = async (): Promise<SignedOfferJson> => {
    const found = (await get().offers()).find((o) => o.offer.gpuCount === 1)
    if (!found) throw new Error('no single-GPU offer')
    return found
  }
  const status = async (id: bigint): Promise<Status> =>
    (await (await get().signed(get().renter, `/v1/rentals/${id}`)).json()) as Status
  const logText = async (id: bigint) => {
    const page = (await (
      await get().signed(get().renter, `/v1/rentals/${id}/logs?limit=1000`)
    ).json()) as LogPage
    return page.lines.map((l) => l.text).join('\n')
  }
  return { offer, status, logText }
}

const SHOW_SHARE = 'echo "cores=$(nproc) uid=$(id -u)"; df -m /workspace | tail -n 1; sleep 600'
const runners: { kind: 'sandbox' | 'container'; missing?: string; spec: () => RentJobSpec }[] = [
  {
    kind: 'sandbox',
    missing: sandboxUnavailableReason(),
    spec: () => ({ command: ['sh', '-c', SHOW_SHARE], env: {} }),
  },
  {
    kind: 'container',
    missing: containerTestsUnavailableReason(),
    spec: () => ({ image: ensureTestImage(), command: ['sh', '-c', SHOW_SHARE], env: {} }),
  },
]

for (const runner of runners) {
  const title = `the agent with the ${runner.kind} runner${runner.missing ? ` (${runner.missing})` : ''}`
  describe.skipIf(runner.missing)(title, () => {
    let w: AgentWorld
    const h = worldHelpers(() => w)
    beforeAll(async () => {
      w = await createAgentWorld({ runner: runner.kind })
    }, 120_000)
    afterAll(() => w?.close())

    it('starts on-chain only once the workload is ready, and gives the job exactly what the offer sold', async () => {
      const signed = await h.offer()
      const spec = runner.spec()
      const { id } = await w.rent(signed, 3600, spec)
      const output = await eventually('the job output', async () => {
        const text = await h.logText(id)
        return text.includes('cores=') && text.includes('/workspace') ? text : undefined
      })
      expect(output).toContain(`cores=${signed.resources.cpus} `)
      expect(output).not.toMatch(/uid=0\b/)
      const df = output.split('\n').find((l) => l.includes('/workspace')) ?? ''
      const totalMiB = Number(df.trim().split(/\s+/)[1])
      expect(totalMiB).toBeGreaterThan(signed.resources.diskMiB * 0.85)
      expect(totalMiB).toBeLessThanOrEqual(signed.resources.diskMiB)

      const { timeline } = await h.status(id)
      const preparing = timeline.findIndex((t) => t.note?.includes('preparing the workload'))
      const started = timeline.findIndex((t) => t.txHash && t.note?.includes('started on-chain'))
      expect(preparing).toBeGreaterThanOrEqual(0)
      expect(started).toBeGreaterThan(preparing)
      expect((await w.agent.chain.getRental(id)).status).toBe(2)

      await w.renterCall('stop', id)
      await eventually('the job to be stopped', async () =>
        (await h.status(id)).status === 'stopped' ? true : undefined,
      )
    })

    it('keeps a rental stopped while its job launched stopped, and stops the job once it is up', async () => {
      const { id } = await w.rent(await h.offer(), 3600, runner.spec())
      // The stop goes out as soon as the chain says running: the job takes a moment longer to launch.
      await eventually(
        'the rental to start on-chain',
        async () => (await w.agent.chain.getRental(id)).status === RentalStatus.Running,
        60_000,
      )
      await w.renterCall('stop', id)
      const ended = await eventually(
        'the job to exit',
        async () => {
          const rental = await h.status(id)
          return rental.exitCode !== undefined ? rental : undefined
        },
        60_000,
      )
      expect(ended.status).toBe('stopped')
      const statuses = ended.timeline.map((t) => t.status)
      expect(statuses.slice(statuses.indexOf('stopped'))).toEqual(['stopped'])
    })

    // Only a container has an image to pull, and needs one.
    if (runner.kind === 'container') {
      const declined = async (spec: RentJobSpec) => {
        const before = await w.balance(w.renter.address)
        const { id } = await w.rent(await h.offer(), 3600, spec)
        const reason = await eventually('the agent to decline', () => w.declineReason(id))
        expect((await w.agent.chain.getRental(id)).status).toBe(RentalStatus.Declined) // never started
        expect(await w.balance(w.renter.address)).toBe(before) // the whole deposit came back
        const { status, timeline } = await h.status(id)
        expect(status).toBe('cancelled')
        return { reason, notes: timeline.map((t) => t.note ?? '').join('\n') }
      }

      it('declines a rental whose image cannot be pulled (reason 5), saying why', async () => {
        const { reason, notes } = await declined({
          image: 'weft-test/no-such-image:0',
          command: ['true'],
          env: {},
        })
        expect(reason).toBe(DeclineReason.PrepareFailed)
        expect(notes).toContain('could not be prepared')
        expect(notes).toContain('weft-test/no-such-image:0 could not be pulled')
      })

      it('declines a spec without an image (reason 4): this runner cannot run it', async () => {
        const { reason, notes } = await declined({ command: ['true'], env: {} })
        expect(reason).toBe(DeclineReason.Unsupported)
        expect(notes).toContain('the job spec must name an image')
      })
    }
  })
}
