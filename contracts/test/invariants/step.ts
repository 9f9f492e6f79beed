import fc from 'fast-check'
import { encodeFunctionData, type Hex, keccak256, type TransactionReceipt, toHex } from 'viem'
import { expect } from 'vitest'
import { WeftMarket } from '../../../lib/chain/generated'
import type { Model, ModelRental } from './model'
import type { Real } from './real'

export type Cmd = fc.AsyncCommand<Model, Real>
let serial = 0

/** -1 stands for the rightful party, so most calls are authorised and the protocol moves on. */
export const RIGHTFUL = -1
/** An acting party: mostly the rightful one, sometimes any actor. */
export const actorArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(RIGHTFUL) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }) },
)
/** An index into the model's rentals (taken modulo their number). */
export const rentalIndex = fc.nat(40)
export const pick = (m: Readonly<Model>, k: number): ModelRental | undefined =>
  m.rentals[k % Math.max(m.rentals.length, 1)]
export const marketCall = (functionName: string, args: readonly unknown[]) =>
  encodeFunctionData({ abi: WeftMarket.abi, functionName, args } as never)

/** An offer id not used before in this process. */
export const freshOfferId = (): Hex => keccak256(toHex(`model-offer-${serial++}`))

/** Sealed spec bytes of `length` (ciphertext: their content does not matter to the market). */
export const sealedSpec = (length: number): Hex =>
  toHex(Uint8Array.from({ length }, (_, i) => (i * 31 + serial) & 255))

/**
 * Runs one transaction at the next second and asserts the chain agreed with the model on whether
 * it succeeds; resolves to the receipt when it did.
 */
export async function step(
  m: Model,
  real: Real,
  actor: number,
  data: Hex,
  expected: boolean,
  label: string,
  to?: Hex,
): Promise<TransactionReceipt | undefined> {
  m.now += 1
  const receipt = await real.exec(actor, data, m.now, to)
  expect(receipt.status === 'success', `${label}: expected ${expected ? 'success' : 'revert'}`).toBe(expected)
  return receipt.status === 'success' ? receipt : undefined
}
