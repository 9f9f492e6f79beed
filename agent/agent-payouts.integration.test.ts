import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WeftMarket } from '@/lib/chain/generated'
import { cost } from '@/lib/chain/pricing'
import { RentalStatus } from '@/lib/chain/rental-status'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import { type AgentWorld, createAgentWorld, type RentJobSpec } from '@/test-support/agent/agent-world'
import { eventually } from '@/test-support/eventually'

/**
 * The provider's money never stays stuck: a payout the token refused (paused) is credited and the
 * agent withdraws it once the token lets it, and a rental left pending past its start window while
 * the agent was down is settled as a no-show by the agent itself, so its stake can be withdrawn.
 * A world of its own: a USDC-shaped token that can be paused, and a chain clock moved ahead.
 */

let w: AgentWorld
beforeAll(async () => {
  w = await createAgentWorld({}, { token: 'usdc-like' })
})
afterAll(() => w?.close())

function oneGpuOffer(): Promise<SignedOfferJson> {
  return eventually('a single-GPU offer', async () => (await w.offers()).find((o) => o.offer.gpuCount === 1))
}

const creditOf = (account: `0x${string}`) =>
  w.publicClient.readContract({
    address: w.deployment.market,
    abi: WeftMarket.abi,
    functionName: 'credit',
    args: [account, w.deployment.token],
  })

describe('the agent and its payouts', () => {
  it('withdraws a payout credited while the token was paused, once the token is unpaused', async () => {
    // The job runs until the test lets it end, so the token is paused while it runs.
    const gate = path.join(mkdtempSync(path.join(tmpdir(), 'weft-gate-')), 'exit')
    const spec: RentJobSpec = {
      command: [
        process.execPath,
        '-e',
        `const fs = require('fs'); console.log('up');
         setInterval(() => { if (fs.existsSync(${JSON.stringify(gate)})) process.exit(0) }, 100)`,
      ],
      env: {},
    }
    const signed = await oneGpuOffer()
    const { id } = await w.rent(signed, 3600, spec)
    await eventually('the job to run', async () =>
      w.agent.store.rental(id)?.status === 'running' ? true : undefined,
    )

    await w.pauseToken(true)
    writeFileSync(gate, '')
    await eventually('the rental to be finished', async () =>
      (await w.agent.chain.getRental(id)).status === RentalStatus.Finished ? true : undefined,
    )
    const { duration } = await w.agent.chain.getRental(id)
    const price = BigInt(signed.offer.pricePerHour)
    const earned = cost(price, duration)
    // The claim's transfer failed: the pay is credited to the provider, the refund to the renter.
    await eventually('the claim to be credited', async () =>
      (await creditOf(w.provider.address)) === earned ? true : undefined,
    )
    expect(await creditOf(w.renter.address)).toBe(cost(price, 3600) - earned)
    const before = await w.balance(w.provider.address)

    // While the token is paused the agent's withdraw reverts; it tries again, and keeps serving.
    await new Promise((resolve) => setTimeout(resolve, 2500))
    expect(await creditOf(w.provider.address)).toBe(earned)
    expect((await fetch(`${w.base}/v1/health`)).status).toBe(200)

    await w.pauseToken(false)
    await eventually('the agent to withdraw', async () =>
      (await creditOf(w.provider.address)) === 0n ? true : undefined,
    )
    expect(await w.balance(w.provider.address)).toBe(before + earned)
    // The renter's refund stays credited until the renter withdraws it.
    expect(await creditOf(w.renter.address)).toBe(cost(price, 3600) - earned)
  })

  it('settles a rental left pending past its start window while it was down, and the stake unlocks', async () => {
    const signed = await oneGpuOffer()
    const window = await w.agent.chain.startWindow()
    const renterBefore = await w.balance(w.renter.address)
    let id = 0n
    await w.restartAgent(async () => {
      ;({ id } = await w.rent(signed, 3600, { command: ['true'], env: {} }))
      await w.timeTravel(window + 1)
    })

    await eventually('the agent to settle the no-show', async () =>
      (await w.agent.chain.getRental(id)).status === RentalStatus.NoShow ? true : undefined,
    )
    // The renter had the deposit back with an hour of the price as compensation from the stake.
    const compensation = cost(BigInt(signed.offer.pricePerHour), 3600)
    expect(await w.balance(w.renter.address)).toBe(renterBefore + compensation)
    expect(w.agent.store.rental(id)?.jobDir).toBeUndefined()
    const [, stake, active] = await w.agent.chain.getProvider(w.provider.address)
    expect(active).toBe(0)
    expect((await w.providerCall('withdrawStake', [stake])).status).toBe('success')
  })
})
