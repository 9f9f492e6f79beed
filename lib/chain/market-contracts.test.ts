import { describe, expect, it } from 'vitest'
import { marketContractsSchema } from './market-contracts'

const parseMarketContracts = (body: unknown) => marketContractsSchema.parse(body)

describe('marketContractsSchema', () => {
  it('checksums the addresses it is given', () => {
    const parsed = parseMarketContracts({
      chainId: 31337,
      market: '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512',
      token: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
    })
    expect(parsed).toEqual({
      chainId: 31337,
      market: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
      token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    })
  })

  it('refuses a body without a valid token address', () => {
    expect(() =>
      parseMarketContracts({
        chainId: 31337,
        market: '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512',
        token: '0x12',
      }),
    ).toThrow(/not an address|expected/)
    expect(() => parseMarketContracts({ error: { code: 'unavailable' } })).toThrow()
  })
})
