import {
  type Abi,
  type Account,
  type Address,
  encodeAbiParameters,
  type Hex,
  keccak256,
  parseEventLogs,
  parseSignature,
  serializeSignature,
  type TransactionReceipt,
  toHex,
} from 'viem'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import { WeftMarket } from '../../lib/chain/generated'
import type { Offer } from '../../lib/chain/offer-typed-data'
import type { MarketParams } from '../../scripts/lib/deploy-contracts'
import { createWorld, expectRevert, randomSealedSpec, type StakeTokenKind, type World } from './harness'

export { RentalStatus as Status } from '../../lib/chain/rental-status'
export * from './token-fixtures'

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

/**
 * One anvil per test file (beforeAll), with every test isolated by an EVM snapshot taken before it and
 * reverted after it. Returns the world; it may only be used inside tests and hooks.
 */
export function isolatedWorld(params?: MarketParams, options: { token?: StakeTokenKind } = {}): World {
  let world: World | undefined
  let snap: Hex | undefined
  const get = (): World => {
    if (!world) throw new Error('the world is only available inside tests and hooks')
    return world
  }
  beforeAll(async () => {
    world = await createWorld(params, options)
  })
  afterAll(async () => {
    await world?.stop()
  })
  beforeEach(async () => {
    snap = await get().snapshot()
  })
  afterEach(async () => {
    await get().testClient.setAutomine(true)
    if (snap) await get().revert(snap)
  })
  return new Proxy({} as World, { get: (_target, key) => Reflect.get(get(), key) })
}

export type Target = { address: Address; abi: Abi }
const marketOf = (w: World): Target => ({ address: w.market, abi: WeftMarket.abi as Abi })

/** The market, with the errors of other contracts (tokens) added so their reverts decode by name. */
export function marketWithErrorsOf(w: World, ...abis: Abi[]): Target {
  const errors = abis.flatMap((abi) => abi.filter((item) => item.type === 'error'))
  return { address: w.market, abi: [...(WeftMarket.abi as Abi), ...errors] }
}

/**
 * Sends a transaction that is mined in a block with exactly `timestamp`; the simulation runs against
 * that pending block, so time-dependent reverts surface as named errors.
 */
export async function sendAt(
  w: World,
  timestamp: number,
  account: Account,
  functionName: string,
  args: readonly unknown[] = [],
  target: Target = marketOf(w),
): Promise<TransactionReceipt> {
  await w.setNextTimestamp(timestamp)
  const { request } = await w.publicClient.simulateContract({
    account,
    address: target.address,
    abi: target.abi,
    functionName,
    args,
    blockTag: 'pending',
  })
  const { blockTag: _ignored, ...tx } = request as typeof request & { blockTag?: unknown }
  const hash = await w.walletFor(account).writeContract(tx as never)
  const receipt = await w.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`${functionName} reverted on-chain`)
  const block = await w.publicClient.getBlock({ blockNumber: receipt.blockNumber })
  expect(Number(block.timestamp), `${functionName} mined at the requested time`).toBe(timestamp)
  return receipt
}

/** Fills `offer` at `timestamp`; returns the rental id (known before the transaction, as the UI does). */
export async function rentAt(
  w: World,
  timestamp: number,
  offer: Offer,
  duration: number,
  opts: { renter?: Account; signature?: Hex; sealedSpec?: Hex } = {},
) {
  const signature = opts.signature ?? (await w.sign(offer))
  const id = rentalIdOf(offer.provider, offer.offerId)
  w.remember(id, offer.offerId)
  const sealedSpec = opts.sealedSpec ?? randomSealedSpec()
  const receipt = await sendAt(w, timestamp, opts.renter ?? w.renter, 'rent', [
    offer,
    signature,
    duration,
    sealedSpec,
  ])
  return { id, offerId: offer.offerId, receipt, sealedSpec }
}

/**
 * Rents `offer` at t and its provider (`w.provider` unless given) starts it at t + 1; returns the
 * id, the offer id and the start time.
 */
export async function runningRental(
  w: World,
  t: number,
  offer: Offer,
  duration: number,
  renter?: Account,
  provider: Account = w.provider,
) {
  const { id } = await rentAt(w, t, offer, duration, { renter })
  await sendAt(w, t + 1, provider, 'start', [offer.offerId])
  return { id, offerId: offer.offerId, startedAt: t + 1 }
}

/** The offer ids of rentals `ids`, as a provider's `claimEarned` takes them. */
export const offerIdsOf = (w: World, ...ids: bigint[]): Hex[] => ids.map((id) => w.offerIdOf(id))

/** `keccak256(abi.encode(provider, offerId))`, computed off-chain. */
export function rentalIdOf(provider: Address, offerId: Hex): bigint {
  return BigInt(
    keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [provider, offerId])),
  )
}

/** A base time safely after the latest block, so every `sendAt` lands exactly where asked. */
export async function baseTime(w: World, ahead = 100): Promise<number> {
  return (await w.now()) + ahead
}

export async function accruedOf(w: World, id: bigint) {
  const [total, claimable] = await w.publicClient.readContract({
    address: w.market,
    abi: WeftMarket.abi,
    functionName: 'accrued',
    args: [id],
  })
  return { total, claimable }
}

export async function providerOf(w: World, provider: Address) {
  const [id, stake, activeRentals, registeredAt, endpoint] = await w.publicClient.readContract({
    address: w.market,
    abi: WeftMarket.abi,
    functionName: 'getProvider',
    args: [provider],
  })
  return { id, stake, activeRentals, registeredAt, endpoint }
}

/** Events of `eventName` emitted by the market in `receipt`, decoded (args by name). */
export function marketEvents(receipt: TransactionReceipt | undefined, eventName: string) {
  if (!receipt) throw new Error('no receipt')
  return parseEventLogs({ abi: WeftMarket.abi, logs: receipt.logs })
    .filter((log) => log.eventName === eventName)
    .map((log): { args: Record<string, unknown> } => ({ args: { ...log.args } }))
}

/** The other valid-looking encoding of an ECDSA signature: s' = n − s with the recovery bit flipped. */
export function highSTwin(signature: Hex): Hex {
  const { r, s, yParity } = parseSignature(signature)
  const twin = SECP256K1_N - BigInt(s)
  return serializeSignature({ r, s: toHex(twin, { size: 32 }), yParity: yParity === 0 ? 1 : 0 })
}

/** Like harness `expectRevert`, and also checks the error's arguments. */
export const expectRevertWith = (action: Promise<unknown>, errorName: string, args: readonly unknown[]) =>
  expectRevert(action, errorName, args)

/**
 * Sends without simulating or waiting, for several transactions in one block (automine off).
 * Returns the hash; mine with `w.testClient.mine`.
 */
export async function sendUnmined(
  w: World,
  account: Account,
  functionName: string,
  args: readonly unknown[],
  nonce: number,
  target: Target = marketOf(w),
  fees: { maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint } = {},
): Promise<Hex> {
  return w.walletFor(account).writeContract({
    address: target.address,
    abi: target.abi,
    functionName,
    args,
    nonce,
    gas: 1_000_000n,
    chain: w.chain,
    account,
    ...fees,
  } as never)
}

/**
 * Sends `txs` with automine off and mines them in a single block at `timestamp`, in the given order
 * (earlier ones get a higher tip). Returns the receipts, all in that one block.
 */
export async function mineTogether(
  w: World,
  timestamp: number,
  txs: { account: Account; functionName: string; args: readonly unknown[] }[],
): Promise<TransactionReceipt[]> {
  await w.testClient.setAutomine(false)
  const hashes: Hex[] = []
  try {
    const nonces = new Map<Address, number>()
    for (const [i, tx] of txs.entries()) {
      const nonce = nonces.get(tx.account.address) ?? (await pendingNonce(w, tx.account))
      nonces.set(tx.account.address, nonce + 1)
      const tip = BigInt(txs.length - i) * 1_000_000_000n
      hashes.push(
        await sendUnmined(w, tx.account, tx.functionName, tx.args, nonce, marketOf(w), {
          maxFeePerGas: 100_000_000_000n,
          maxPriorityFeePerGas: tip,
        }),
      )
    }
    await w.setNextTimestamp(timestamp)
    await w.testClient.mine({ blocks: 1 })
  } finally {
    await w.testClient.setAutomine(true)
  }
  const receipts = await Promise.all(hashes.map((hash) => w.publicClient.waitForTransactionReceipt({ hash })))
  expect(new Set(receipts.map((r) => r.blockNumber)).size, 'all in one block').toBe(1)
  expect(receipts.map((r) => r.transactionIndex)).toEqual(receipts.map((_, i) => i))
  return receipts
}

export async function pendingNonce(w: World, account: Account): Promise<number> {
  return w.publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' })
}
