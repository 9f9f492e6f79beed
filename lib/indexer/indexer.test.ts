import { type Hex, HttpRequestError, LimitExceededRpcError, RpcRequestError } from 'viem'
import { describe, expect, it } from 'vitest'
import { isRangeTooLarge } from './chain'
import { compareEvents, decodeEvent } from './events'
import { backoffMs } from './indexer'

const at = {
  blockNumber: 7n,
  logIndex: 0,
  blockHash: `0x${'ab'.repeat(32)}` as Hex,
  txHash: `0x${'cd'.repeat(32)}` as Hex,
  blockTimestamp: 9,
}

describe('indexer helpers', () => {
  it('shrinks the range only when the node refuses it, not when the node is down', () => {
    const rpc = (message: string) =>
      new RpcRequestError({ body: {}, error: { code: -32602, message }, url: 'http://rpc.example' })
    expect(isRangeTooLarge(rpc('query exceeds max block range 1000'))).toBe(true)
    expect(isRangeTooLarge(rpc('query returned more than 10000 results'))).toBe(true)
    expect(isRangeTooLarge(new LimitExceededRpcError(new Error('x')))).toBe(true)
    expect(isRangeTooLarge(rpc('execution reverted'))).toBe(false)
    expect(
      isRangeTooLarge(new HttpRequestError({ url: 'http://rpc.example', details: 'fetch failed' })),
    ).toBe(false)
    expect(isRangeTooLarge(new Error('block range too large'))).toBe(false)
  })

  it('backs off exponentially from the interval, capped', () => {
    expect([1, 2, 3, 4].map((f) => backoffMs(1000, f, 5000))).toEqual([1000, 2000, 4000, 5000])
    expect(backoffMs(0, 1, 60_000)).toBe(250)
    expect(backoffMs(1000, 500, 60_000)).toBe(60_000)
  })

  it('validates what it decodes, and orders events by block then log index', () => {
    const started = decodeEvent('Started', { id: '5', startedAt: 10, endsAt: 70 }, at)
    expect(started).toMatchObject({ name: 'Started', args: { id: 5n, startedAt: 10, endsAt: 70 } })
    expect(() => decodeEvent('Transfer', {}, at)).toThrow(/not a market event/)
    expect(() => decodeEvent('Started', { id: '-1', startedAt: 1, endsAt: 2 }, at)).toThrow()
    const a = { blockNumber: 7n, logIndex: 3 }
    const b = { blockNumber: 8n, logIndex: 0 }
    expect([b, a].sort((x, y) => compareEvents({ ...at, ...x }, { ...at, ...y }))).toEqual([a, b])
  })
})
