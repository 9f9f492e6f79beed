import { type Hex, keccak256, type PublicClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { offerTypedData } from '@/lib/chain/offer-typed-data'
import { openSealedSpec } from '@/lib/jobs/sealed-spec'
import type { OfferView } from '@/lib/market/offer-view'
import { type PayContext, payForRental, type RentArgs } from './pay-rental'
import { offerTuple, rentalIdOf } from './rent-chain'
import type { FlowAction } from './rent-flow'

const providerKey = generatePrivateKey()
const provider = privateKeyToAccount(providerKey)
const renter = privateKeyToAccount(generatePrivateKey())
const chainId = 31337
const market = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const
const token = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' as const
const offer: OfferView['offer'] = {
  provider: provider.address,
  offerId: keccak256('0x03'),
  gpuModel: 'H100-SXM-80GB',
  gpuCount: 1,
  vramMiB: 81_559,
  token,
  pricePerHour: '2390000',
  minDuration: 60,
  maxDuration: 86_400,
  expiresAt: '2000000000',
}
const spec = { command: ['sh', '-c', 'echo done'], env: {}, onExit: 'finish' as const }

/** The chain as the flow reads it: a funded renter, a permit-capable token, every call recorded. */
function chain() {
  const calls: string[] = []
  const client = {
    getBlock: async () => ({ timestamp: 1_700_000_000n }),
    readContract: async ({ functionName }: { functionName: string }) => {
      calls.push(functionName)
      return functionName === 'balanceOf' ? 10_000_000_000n : 0n
    },
    getEip712Domain: async () => ({
      domain: { name: 'USD Coin', version: '2', chainId, verifyingContract: token },
    }),
    simulateContract: async () => {
      calls.push('simulate')
      return {}
    },
    waitForTransactionReceipt: async () => ({ status: 'success', blockNumber: 9n }),
  } as unknown as PublicClient
  return { client, calls }
}

async function pay(overrides: Partial<PayContext> & { signedBy?: Hex } = {}) {
  const { client, calls } = chain()
  const wallet: string[] = []
  const sent: RentArgs[] = []
  const actions: FlowAction[] = []
  const signature = await privateKeyToAccount(overrides.signedBy ?? providerKey).signTypedData(
    offerTypedData(chainId, market, offerTuple(offer)),
  )
  const result = await payForRental({
    client,
    account: renter.address,
    offer,
    signature,
    market,
    chainId,
    seconds: 3600,
    spec,
    testChain: true,
    permit: { current: null },
    signTypedData: async (typed) => {
      wallet.push('signTypedData')
      return renter.signTypedData(typed as Parameters<typeof renter.signTypedData>[0])
    },
    sendRent: async (args) => {
      wallet.push('sendRent')
      sent.push(args)
      return `0x${'ab'.repeat(32)}`
    },
    dispatch: (action) => actions.push(action),
    onProgress: () => {},
    onReverted: () => {},
    ...overrides,
  })
  const failed = actions.findLast((a) => a.type === 'failed')
  return { result, calls, wallet, sent, failed: failed?.type === 'failed' ? failed.error : undefined }
}

describe('payForRental', () => {
  it('sends the spec sealed to the provider as the rent’s fourth argument, the rental id known ahead', async () => {
    const { result, wallet, sent, failed } = await pay()
    expect(failed).toBeUndefined()
    expect(wallet).toEqual(['signTypedData', 'sendRent'])
    const sealed = sent[0]?.[3]
    if (!sealed) throw new Error('no rent was sent')
    expect(openSealedSpec(sealed, providerKey)).toEqual({ ok: true, spec })
    expect(result).toMatchObject({
      rentalId: rentalIdOf(provider.address, offer.offerId as Hex).toString(),
      deposit: '2390000',
      stage: 'mined',
    })
  })

  it('refuses a spec too large to seal before the wallet is asked for anything', async () => {
    const big = { ...spec, env: { A: 'a'.repeat(16_000), B: 'b'.repeat(16_000), C: 'c'.repeat(900) } }
    const { result, wallet, calls, failed } = await pay({ spec: big })
    expect(result).toBeUndefined()
    expect(wallet).toEqual([])
    expect(calls).toEqual([])
    expect(failed).toMatchObject({ step: 'permit', remedy: 'fix-spec' })
    expect(failed?.message).toMatch(/^The job spec is [\d,]+ bytes sealed; the market takes at most 32,768\./)
  })

  it('refuses an offer whose signature names no key of the provider’s, with the reason', async () => {
    const { result, wallet, failed } = await pay({ signedBy: generatePrivateKey() })
    expect(result).toBeUndefined()
    expect(wallet).toEqual([])
    expect(failed?.step).toBe('permit')
    expect(failed?.remedy).toBeUndefined()
    expect(failed?.message).toContain('cannot be sealed')
  })
})
