import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WeftMarket } from '@/lib/chain/generated'
import { cost } from '@/lib/chain/pricing'
import { DeclineReason, RentalStatus } from '@/lib/chain/rental-status'
import { jobSpecSchema } from '@/lib/jobs/job-spec'
import { sealJobSpec } from '@/lib/jobs/sealed-spec'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import { type AgentWorld, createAgentWorld, type RentJobSpec } from '@/test-support/agent/agent-world'
import { sealText } from '@/test-support/agent/sealed-bytes'
import { eventually } from '@/test-support/eventually'

/**
 * How the agent ends rentals on-chain besides running them to their end: it finishes a rental
 * whose job exited early (the renter refunded the unused part), and declines at once, with the
 * reason, a rental it cannot serve (the renter refunded in full).
 */

let w: AgentWorld
beforeAll(async () => {
  w = await createAgentWorld()
})
afterAll(() => w?.close())

const node = (script: string, onExit?: RentJobSpec['onExit']): RentJobSpec => ({
  command: [process.execPath, '-e', script],
  env: {},
  ...(onExit ? { onExit } : {}),
})
const EXITS_SOON = "console.log('working'); setTimeout(() => console.log('done'), 1500)"
const RUNS_ON = "console.log('up'); setInterval(() => {}, 1000)"

function offer(count: number, where: (o: SignedOfferJson) => boolean = () => true): Promise<SignedOfferJson> {
  return eventually(`an H100 offer of ${count}`, async () =>
    (await w.offers()).find(
      (o) => o.offer.gpuModel === 'H100-SXM-80GB' && o.offer.gpuCount === count && where(o),
    ),
  )
}
const statusOf = async (id: bigint) =>
  ((await (await w.signed(w.renter, `/v1/rentals/${id}`)).json()) as { status: string }).status
const chainStatus = async (id: bigint) => (await w.agent.chain.getRental(id)).status

async function claimedFor(id: bigint): Promise<bigint> {
  const events = await w.publicClient.getContractEvents({
    address: w.deployment.market,
    abi: WeftMarket.abi,
    eventName: 'Claimed',
    fromBlock: BigInt(w.deployment.deployBlock),
    strict: true,
  })
  return events.filter((e) => e.args.id === id).reduce((sum, e) => sum + e.args.amount, 0n)
}

describe('the agent ending rentals early', () => {
  it('finishes a rental whose job exits before the paid time: the renter pays only the seconds used', async () => {
    const signed = await offer(1)
    const price = BigInt(signed.offer.pricePerHour)
    const renterBefore = await w.balance(w.renter.address)
    const providerBefore = await w.balance(w.provider.address)
    const { id } = await w.rent(signed, 3600, node(EXITS_SOON))

    await eventually('the rental to be finished on-chain', async () =>
      (await chainStatus(id)) === RentalStatus.Finished ? true : undefined,
    )
    const finished = await w.agent.chain.getRental(id)
    expect(finished.duration).toBeGreaterThan(0)
    expect(finished.duration).toBeLessThan(60) // billed its seconds, not the hour
    const billed = cost(price, finished.duration)
    // The unused part went back with `finish`, at once.
    expect(await w.balance(w.renter.address)).toBe(renterBefore - billed)

    await eventually('the provider to claim', async () =>
      w.agent.store.rental(id)?.settled ? true : undefined,
    )
    expect(await claimedFor(id)).toBe(billed)
    expect(await w.balance(w.provider.address)).toBe(providerBefore + billed)
    expect(await statusOf(id)).toBe('succeeded')
    // The GPU is for rent again.
    await offer(1, (o) => o.gpuIndices.includes(signed.gpuIndices[0] ?? -1))
  })

  it("keeps the machine until the end when the spec says onExit: 'keep'", async () => {
    const { id } = await w.rent(await offer(1), 3600, node(EXITS_SOON, 'keep'))
    await eventually('the job to end', async () => ((await statusOf(id)) === 'succeeded' ? true : undefined))
    // Several upkeep passes (one a second here) go by: the rental is not finished.
    await new Promise((resolve) => setTimeout(resolve, 3000))
    expect(await chainStatus(id)).toBe(RentalStatus.Running)
    await w.renterCall('stop', id)
    expect(await chainStatus(id)).toBe(RentalStatus.Stopped)
  })

  it('declines a spec it cannot decrypt with reason 1, and the renter has the whole deposit back', async () => {
    const before = await w.balance(w.renter.address)
    // Sealed to another key than the one that signed the offer.
    const sealed = sealJobSpec(jobSpecSchema.parse(node(RUNS_ON)), w.stranger.publicKey)
    const { id } = await w.rent(await offer(1), 3600, { sealed })
    const reason = await eventually('the decline', () => w.declineReason(id), 10_000)
    expect(reason).toBe(DeclineReason.SpecUnreadable)
    expect(await chainStatus(id)).toBe(RentalStatus.Declined)
    expect(await w.balance(w.renter.address)).toBe(before)
    expect(await statusOf(id)).toBe('cancelled')
    expect(w.agent.store.rental(id)?.jobDir).toBeUndefined()
    // The decline refunded the renter at once; the agent's next claim names it, which frees the stake.
    expect((await w.agent.chain.getRental(id)).settled).toBe(false)
    await w.agent.claimer.claimDue()
    expect((await w.agent.chain.getRental(id)).settled).toBe(true)
    expect(w.agent.store.rental(id)?.settled).toBe(true)
  })

  it('declines a spec that is not a valid job spec with reason 2, saying what is wrong', async () => {
    const before = await w.balance(w.renter.address)
    const sealed = sealText(JSON.stringify({ command: [], env: {} }), w.provider.publicKey)
    const { id } = await w.rent(await offer(1), 3600, { sealed })
    expect(await eventually('the decline', () => w.declineReason(id), 10_000)).toBe(DeclineReason.SpecInvalid)
    expect(await w.balance(w.renter.address)).toBe(before)
    const notes = w.agent.store.rental(id)?.timeline.map((t) => t.note ?? '') ?? []
    expect(notes.some((note) => note.includes('the job spec is invalid: command'))).toBe(true)
  })

  it('declines the second of two overlapping offers rented in one block with reason 3, and runs the first', async () => {
    const single = await offer(1)
    const pair = await offer(2, (o) => o.gpuIndices.includes(single.gpuIndices[0] ?? -1))
    const before = await w.balance(w.renter.address)
    const [first, second] = await w.inOneBlock(async () => [
      await w.sendRent(single, 3600, node(RUNS_ON)),
      await w.sendRent(pair, 3600, node(RUNS_ON)),
    ])
    for (const { hash } of [first, second]) await w.publicClient.waitForTransactionReceipt({ hash })

    expect(await eventually('the decline', () => w.declineReason(second.id), 10_000)).toBe(
      DeclineReason.GpusBusy,
    )
    await eventually('the first to run', async () =>
      (await statusOf(first.id)) === 'running' ? true : undefined,
    )
    expect(await chainStatus(second.id)).toBe(RentalStatus.Declined)
    await w.renterCall('stop', first.id)
    const { duration } = await w.agent.chain.getRental(first.id)
    // Only the first rental's used seconds were paid; the second came back whole.
    expect(await w.balance(w.renter.address)).toBe(before - cost(BigInt(single.offer.pricePerHour), duration))
  })
})
