import { type Address, encodeAbiParameters, encodeEventTopics, type Hex, type Log } from 'viem'
import { describe, expect, it } from 'vitest'
import { TestUSDC, WeftMarket } from '@/lib/chain/generated'
import { claimPayout } from './claim-receipt'

const market = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
const token = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const provider = '0x976EA74026E726554dB657fA54763abd0C3a0aa9'

function log(address: Address, encoded: ReturnType<typeof encodeEventTopics>, data: Hex, index: number): Log {
  const [signature, ...indexed] = encoded.filter((topic): topic is Hex => typeof topic === 'string')
  if (!signature) throw new Error('an event log needs its signature topic')
  return {
    address,
    topics: [signature, ...indexed],
    data,
    blockHash: `0x${'1'.repeat(64)}`,
    blockNumber: 7n,
    logIndex: index,
    transactionHash: `0x${'2'.repeat(64)}`,
    transactionIndex: 0,
    removed: false,
  }
}

const claimed = (address: Address, id: bigint, amount: bigint, index: number) =>
  log(
    address,
    encodeEventTopics({ abi: WeftMarket.abi, eventName: 'Claimed', args: { id } }),
    encodeAbiParameters([{ type: 'uint256' }, { type: 'uint32' }], [amount, 1800]),
    index,
  )

describe('claimPayout', () => {
  it('adds up the Claimed events of the market, to the unit', () => {
    const transfer = log(
      token,
      encodeEventTopics({ abi: TestUSDC.abi, eventName: 'Transfer', args: { from: market, to: provider } }),
      encodeAbiParameters([{ type: 'uint256' }], [2_390_001n]),
      2,
    )
    const payout = claimPayout(
      [claimed(market, 11n, 1_195_000n, 0), claimed(market, 12n, 1_195_001n, 1), transfer],
      market,
      provider,
    )
    expect(payout).toEqual({
      total: 2_390_001n,
      credited: 0n,
      rentals: [
        { id: 11n, amount: 1_195_000n },
        { id: 12n, amount: 1_195_001n },
      ],
    })
  })

  it('ignores look-alike events from another contract, and pays nothing for an empty receipt', () => {
    expect(claimPayout([claimed(token, 11n, 5n, 0)], market, provider)).toEqual({
      total: 0n,
      credited: 0n,
      rentals: [],
    })
    expect(claimPayout([], market, provider).total).toBe(0n)
  })

  it('says how much the token refused and the market credited to the provider instead', () => {
    const credited = (address: Address, account: Address, amount: bigint, index: number) =>
      log(
        address,
        encodeEventTopics({ abi: WeftMarket.abi, eventName: 'Credited', args: { account, token } }),
        encodeAbiParameters([{ type: 'uint256' }], [amount]),
        index,
      )
    const payout = claimPayout(
      [
        claimed(market, 11n, 700n, 0),
        credited(market, provider, 700n, 1),
        credited(market, market, 9n, 2), // someone else's credit
        credited(token, provider, 5n, 3), // not the market's event
      ],
      market,
      provider,
    )
    expect(payout).toMatchObject({ total: 700n, credited: 700n })
  })
})
