import { encodeErrorResult, RawContractError } from 'viem'
import { describe, expect, it } from 'vitest'
import { WeftMarket } from '@/lib/chain/generated'
import { decodedRevert, MarketRevert } from './market-chain'

describe('a market call that reverts', () => {
  it("is named by the market's custom error and its arguments", () => {
    const data = encodeErrorResult({
      abi: WeftMarket.abi,
      errorName: 'StartWindowPassed',
      args: [7n, 1_000n],
    })
    const error = decodedRevert('decline', new RawContractError({ data }))
    expect(error).toBeInstanceOf(MarketRevert)
    expect((error as MarketRevert).errorName).toBe('StartWindowPassed')
    expect((error as Error).message).toBe('decline reverted with StartWindowPassed(7, 1000)')
  })

  it("stays viem's error when the revert is not the market's (a token's own error)", () => {
    const original = new RawContractError({ data: '0x9e87fac8' })
    expect(decodedRevert('withdraw', original)).toBe(original)
    const plain = new Error('socket hang up')
    expect(decodedRevert('withdraw', plain)).toBe(plain)
  })
})
