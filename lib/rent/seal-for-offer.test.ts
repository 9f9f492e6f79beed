import { type Hex, keccak256 } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { offerTypedData } from '@/lib/chain/offer-typed-data'
import { MAX_SEALED_SPEC_BYTES, openSealedSpec } from '@/lib/jobs/sealed-spec'
import type { OfferView } from '@/lib/market/offer-view'
import { offerTuple } from './rent-chain'
import { sealForOffer } from './seal-for-offer'

const providerKey = generatePrivateKey()
const provider = privateKeyToAccount(providerKey)
const chainId = 31337
const market = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const
// As the market's API lists it: amounts and moments as decimal strings.
const offer: OfferView['offer'] = {
  provider: provider.address,
  offerId: keccak256('0x02'),
  gpuModel: 'H100-SXM-80GB',
  gpuCount: 1,
  vramMiB: 81_559,
  token: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  pricePerHour: '2390000',
  minDuration: 60,
  maxDuration: 86_400,
  expiresAt: '2000000000',
}
const spec = { command: ['sh', '-c', 'echo hi'], env: { TOKEN: 'secret' }, onExit: 'keep' as const }
const signedBy = (key: Hex) =>
  privateKeyToAccount(key).signTypedData(offerTypedData(chainId, market, offerTuple(offer)))

describe('sealForOffer', () => {
  it('seals to the key that signed the offer, so only the provider opens it', async () => {
    const signature = await signedBy(providerKey)
    const result = await sealForOffer({ chainId, market, offer, signature, spec })
    if (!result.ok) throw new Error(result.message)
    expect(openSealedSpec(result.sealed, providerKey)).toEqual({ ok: true, spec })
    expect(openSealedSpec(result.sealed, generatePrivateKey())).toMatchObject({ ok: false })
  })

  it('refuses an offer whose signature is not the provider’s own key, in a sentence', async () => {
    const signature = await signedBy(generatePrivateKey())
    const result = await sealForOffer({ chainId, market, offer, signature, spec })
    expect(result).toMatchObject({ ok: false, problem: 'no-key' })
    if (!result.ok) expect(result.message).toContain(provider.address)
    // Signed for another market: the recovered key is someone else's too.
    const elsewhere = await sealForOffer({
      chainId: 1,
      market,
      offer,
      signature: await signedBy(providerKey),
      spec,
    })
    expect(elsewhere).toMatchObject({ ok: false, problem: 'no-key' })
  })

  it('refuses a spec too large to travel in the rent transaction, saying what to shorten', async () => {
    const signature = await signedBy(providerKey)
    const big = { ...spec, env: { A: 'x'.repeat(16_000), B: 'y'.repeat(16_000), C: 'z'.repeat(1_000) } }
    const result = await sealForOffer({ chainId, market, offer, signature, spec: big })
    expect(result).toMatchObject({ ok: false, problem: 'too-large' })
    if (!result.ok) {
      expect(result.message).toMatch(/environment variables or command/)
      expect(result.message).toContain(MAX_SEALED_SPEC_BYTES.toLocaleString('en-US'))
    }
  })
})
