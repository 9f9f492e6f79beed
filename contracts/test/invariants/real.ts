import {
  type Account,
  type Address,
  createPublicClient,
  getAddress,
  type Hex,
  http,
  type PublicClient,
  parseEventLogs,
  type TransactionReceipt,
} from 'viem'
import { expect } from 'vitest'
import { TestUSDC, WeftMarket } from '../../../lib/chain/generated'
import type { World } from '../harness'
import {
  ACTOR_COUNT,
  accrues,
  type Model,
  PROVIDERS,
  STAKE_TOKEN,
  Status,
  TERMINAL,
  TOKEN_COUNT,
} from './model'

export type Real = {
  w: World
  actors: Account[]
  /** Payment tokens by model index: the stake token first. */
  tokens: Address[]
  /** A client that sends the reads made together in one batch. */
  client: PublicClient
  /** Forgets the nonces it tracks (after the chain was reverted to a snapshot). */
  reset(): void
  /**
   * Sends call data (to the market unless `to` is given) in a block mined at exactly `t`; resolves
   * to the receipt, which records whether it succeeded.
   */
  exec(actor: number, data: Hex, t: number, to?: Address): Promise<TransactionReceipt>
}

const GAS = 3_000_000n
const MAX_FEE = 1_000_000_000_000n

export function createReal(w: World, actors: Account[], tokens: Address[]): Real {
  // One HTTP request for all the reads a check makes at once.
  const client = createPublicClient({
    chain: w.chain,
    transport: http(w.anvil.rpcUrl, { batch: { batchSize: 1000, wait: 0 } }),
  }) as PublicClient
  const nonces = new Map<number, number>()
  return {
    w,
    actors,
    tokens: tokens.map((token) => getAddress(token)),
    client,
    reset: () => nonces.clear(),
    async exec(actor, data, t, to = w.market) {
      const account = actors[actor]
      if (!account?.signTransaction) throw new Error(`no actor ${actor}`)
      const nonce =
        nonces.get(actor) ??
        (await client.getTransactionCount({ address: account.address, blockTag: 'pending' }))
      // A fixed gas limit and fees skip estimation, so a reverting call is mined (status 0) like any other.
      const raw = await account.signTransaction({
        ...{ chainId: w.chain.id, type: 'eip1559', to, data, nonce, gas: GAS },
        ...{ maxFeePerGas: MAX_FEE, maxPriorityFeePerGas: 0n },
      })
      await w.setNextTimestamp(t)
      const hash = await client.request({ method: 'eth_sendRawTransaction', params: [raw] })
      nonces.set(actor, nonce + 1)
      return client.waitForTransactionReceipt({ hash, pollingInterval: 5 })
    },
  }
}

/** Market events of `eventName` in `receipt`, decoded. */
export function eventsIn(receipt: TransactionReceipt, eventName: string) {
  return parseEventLogs({ abi: WeftMarket.abi, logs: receipt.logs })
    .filter((log) => log.eventName === eventName)
    .map((log) => log.args as Record<string, unknown>)
}

const cells = <T>(f: (token: number, actor: number) => T) =>
  Array.from({ length: TOKEN_COUNT }, (_, token) =>
    Array.from({ length: ACTOR_COUNT }, (_, a) => f(token, a)),
  )

/** Compares every rental, balance, credit and stake on chain with the model, and checks the invariants. */
export async function checkAll(m: Model, real: Real) {
  const { w, actors, tokens, client } = real
  const market = { address: w.market, abi: WeftMarket.abi } as const
  const balanceOf = (token: Address, owner: Address) =>
    client.readContract({ address: token, abi: TestUSDC.abi, functionName: 'balanceOf', args: [owner] })
  const [rentals, accrued, balances, credits, marketBalances, providers] = await Promise.all([
    Promise.all(
      m.rentals.map((r) => client.readContract({ ...market, functionName: 'getRental', args: [r.id] })),
    ),
    Promise.all(
      m.rentals.map((r) => client.readContract({ ...market, functionName: 'accrued', args: [r.id] })),
    ),
    Promise.all(
      cells((k, a) => balanceOf(tokens[k] as Address, actors[a]?.address as Address)).map((row) =>
        Promise.all(row),
      ),
    ),
    Promise.all(
      cells((k, a) =>
        client.readContract({
          ...market,
          functionName: 'credit',
          args: [actors[a]?.address as Address, tokens[k] as Address],
        }),
      ).map((row) => Promise.all(row)),
    ),
    Promise.all(tokens.map((token) => balanceOf(token, w.market))),
    Promise.all(
      PROVIDERS.map((p) =>
        client.readContract({
          ...market,
          functionName: 'getProvider',
          args: [actors[p]?.address as Address],
        }),
      ),
    ),
  ])

  const escrowed = new Array<bigint>(TOKEN_COUNT).fill(0n)
  const unsettled = PROVIDERS.map(() => 0)
  for (const [i, r] of m.rentals.entries()) {
    const chain = rentals[i]
    if (!chain) throw new Error(`rental ${i} was not read`)
    const label = `rental ${i} (${Object.keys(Status)[r.status]})`
    expect(chain.status, label).toBe(r.status)
    expect(chain.duration, label).toBe(r.duration)
    expect(chain.paidSeconds, label).toBe(r.paidSeconds)
    expect(chain.settled, label).toBe(r.settled)
    expect(chain.renter, label).toBe(actors[r.renter]?.address)
    expect(chain.provider, label).toBe(actors[r.provider]?.address)
    expect(chain.token, label).toBe(tokens[r.token])

    const [total] = accrued[i] ?? [0n]
    if (!accrues(r)) expect(total, `${label}: accrual before start`).toBe(0n)
    if (r.status === Status.Running) {
      expect(total >= r.lastAccrued, `${label}: accrual is monotonic`).toBe(true)
      r.lastAccrued = total
    }
    expect(total <= r.deposited, `${label}: accrual capped at the deposit`).toBe(true)
    expect(r.paidOut + r.refunded <= r.deposited, `${label}: paid + refunded <= deposit`).toBe(true)
    const closedUnstarted =
      r.status === Status.Cancelled || r.status === Status.Declined || r.status === Status.NoShow
    if (closedUnstarted || (TERMINAL.has(r.status) && r.settled)) {
      expect(r.paidOut + r.refunded, `${label}: settled with no dust`).toBe(r.deposited)
    }
    escrowed[r.token] = (escrowed[r.token] ?? 0n) + r.deposited - r.paidOut - r.refunded
    if (!r.settled) unsettled[r.provider] = (unsettled[r.provider] ?? 0) + 1
  }

  for (let k = 0; k < TOKEN_COUNT; k++) {
    for (let a = 0; a < ACTOR_COUNT; a++) {
      expect(balances[k]?.[a], `token ${k} balance of actor ${a}`).toBe(m.balances[k]?.[a])
      expect(credits[k]?.[a], `token ${k} credit of actor ${a}`).toBe(m.credits[k]?.[a])
    }
    const held = marketBalances[k] ?? 0n
    expect(held, `market balance of token ${k}`).toBe(m.market[k])
    // The market holds exactly what it owes: deposits not yet paid out or refunded, credits, stakes,
    // and whatever was sent to it from outside.
    const creditSum = (credits[k] ?? []).reduce((s, c) => s + c, 0n)
    const stakes = k === STAKE_TOKEN ? providers.reduce((s, p) => s + p[1], 0n) : 0n
    expect(held, `token ${k}: market = escrowed + credits + stakes + donations`).toBe(
      (escrowed[k] ?? 0n) + creditSum + stakes + (m.donated[k] ?? 0n),
    )
    // No token is created or lost: the actors' balances and the market's add up to what there was.
    const actorSum = (balances[k] ?? []).reduce((s, b) => s + b, 0n)
    expect(actorSum + held, `token ${k}: conservation`).toBe(m.supply[k])
  }
  for (const [p, [, stake, active]] of providers.entries()) {
    expect(stake, `stake of provider ${p}`).toBe(m.stakes[p])
    expect(active, `active rentals of provider ${p}`).toBe(m.active[p])
    expect(active, `provider ${p}: active = its rentals not settled`).toBe(unsettled[p])
  }
}
