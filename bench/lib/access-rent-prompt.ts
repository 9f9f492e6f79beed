/**
 * Rent mined → a shell answering over SSH, on the demo stack: a renter rents an interactive GPU
 * (no command, the renter's SSH key in the sealed spec) straight on the chain; the clock starts
 * when the node sees the block holding the `Rented` event and stops when `ssh <id>@host true`
 * first succeeds through the agent's gateway (tried again at once after each refusal). The chain's
 * own view (the provider's `start` mined) is noted on the way, to say where the time goes.
 */
import { createPublicClient, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { chainReader } from '../../e2e/harness/chain'
import { liveOffer } from '../../e2e/harness/offers'
import { chainRenter } from '../../e2e/harness/rent-on-chain'
import type { E2eStackInfo } from '../../e2e/stack/provided'
import { WeftMarket } from '../../lib/chain/generated'
import { RentalStatus } from '../../lib/chain/rental-status'
import { rentalIdOf } from '../../lib/rent/rent-chain'
import type { DemoAgent } from '../../scripts/lib/demo-agents'
import { gatewayClients, rentListed } from './access-rental'

export type PromptRun = {
  fleet: string
  rentalId: string
  minedToStartedMs: number
  minedToShellMs: number
  sshTries: number
}

/** One rental on `fleet`: the milliseconds from the rent mined to the chain saying Running and to `ssh … true` succeeding. */
export async function rentToShell(input: {
  stack: E2eStackInfo
  key: Hex
  agent: DemoAgent
  dataDir: string
}): Promise<PromptRun> {
  const { stack, key } = input
  const fleet = input.agent.name
  const { clients, renterKey } = gatewayClients(input.dataDir, input.agent)
  const renter = privateKeyToAccount(key).address
  const client = createPublicClient({ transport: http(stack.rpcUrl), pollingInterval: 20 })
  let minedAt = 0
  const unwatch = client.watchContractEvent({
    address: stack.market,
    abi: WeftMarket.abi,
    eventName: 'Rented',
    args: { renter },
    onLogs: () => {
      if (!minedAt) minedAt = Date.now()
    },
  })
  try {
    // The rental's id is known from the offer: the tries start as the rent is sent, not once its receipt is read.
    const listed = await liveOffer(stack, fleet, 1, 120)
    const id = rentalIdOf(listed.offer.provider, listed.offer.offerId)
    const renting = rentListed(stack, key, listed, undefined, renterKey.publicKey)
    renting.catch(() => undefined)
    const chain = chainReader(stack.rpcUrl, stack)
    let startedAt = 0
    const watchStart = (async () => {
      for (let deadline = Date.now() + 60_000; Date.now() < deadline; ) {
        if ((await chain.rental(id).catch(() => undefined))?.status === RentalStatus.Running) {
          startedAt = Date.now()
          return
        }
        await new Promise((r) => setTimeout(r, 25))
      }
    })()
    let tries = 0
    let shellAt = 0
    for (let deadline = Date.now() + 60_000; !shellAt; ) {
      tries++
      const result = await clients.ssh(renterKey.path, String(id), ['-o', 'ConnectTimeout=5'], 'true')
      if (result.code === 0) shellAt = Date.now()
      else if (Date.now() > deadline)
        throw new Error(`no shell on rental ${id} within 60 s: ${result.stderr}`)
    }
    await Promise.all([watchStart, renting])
    if (!minedAt) throw new Error('the rent was never seen mined')
    await chainRenter(stack, key).stop(id)
    return {
      fleet,
      rentalId: String(id),
      minedToStartedMs: startedAt - minedAt,
      minedToShellMs: shellAt - minedAt,
      sshTries: tries,
    }
  } finally {
    unwatch()
    clients.cleanup()
  }
}
