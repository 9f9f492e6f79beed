import { type Hex, keccak256 } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import type { Offer } from '@/lib/chain/offer-typed-data'
import { offerTypedData } from '@/lib/chain/offer-typed-data'
import {
  MAX_SEALED_SPEC_BYTES,
  openSealedSpec,
  ProviderKeyUnavailable,
  providerSealingKey,
  SealedSpecTooLarge,
  sealedSpecHash,
  sealJobSpec,
} from './sealed-spec'

const providerKey = generatePrivateKey()
const provider = privateKeyToAccount(providerKey)
const market = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const
const offer: Offer = {
  provider: provider.address,
  offerId: keccak256('0x01'),
  gpuModel: 'H100 SXM 80GB',
  gpuCount: 1,
  vramMiB: 81_559,
  token: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  pricePerHour: 2_000_000n,
  minDuration: 60,
  maxDuration: 86_400,
  expiresAt: 2_000_000_000n,
}
const spec = { command: ['python', 'train.py'], env: { HF_TOKEN: 'hf_secret' } }

async function sealingKey(): Promise<Hex> {
  const signature = await provider.signTypedData(offerTypedData(31337, market, offer))
  return providerSealingKey(31337, market, offer, signature)
}

describe('sealed job specs', () => {
  it('round-trips through the key recovered from a signed offer, and only that key opens it', async () => {
    const sealed = sealJobSpec(spec, await sealingKey())
    expect(sealed.startsWith('0x01')).toBe(true)
    expect(sealed).not.toContain(Buffer.from('hf_secret').toString('hex'))
    expect(openSealedSpec(sealed, providerKey)).toEqual({
      ok: true,
      spec: { ...spec, onExit: 'finish' },
    })
    const stranger = openSealedSpec(sealed, generatePrivateKey())
    expect(stranger).toMatchObject({ ok: false, problem: 'unreadable' })
  })

  it('seals the same spec differently each time; the hash binds the exact bytes', async () => {
    const key = await sealingKey()
    const a = sealJobSpec(spec, key)
    const b = sealJobSpec(spec, key)
    expect(a).not.toBe(b)
    expect(sealedSpecHash(a)).toBe(keccak256(a))
  })

  it('says unreadable for garbage, a flipped byte or an unknown version, and invalid for a bad spec', async () => {
    const key = await sealingKey()
    const sealed = sealJobSpec(spec, key)
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('00') ? '01' : '00'}` as Hex
    expect(openSealedSpec(flipped, providerKey)).toMatchObject({ ok: false, problem: 'unreadable' })
    expect(openSealedSpec('0x01abcd', providerKey)).toMatchObject({ ok: false, problem: 'unreadable' })
    expect(openSealedSpec(`0x02${sealed.slice(4)}`, providerKey)).toMatchObject({
      ok: false,
      problem: 'unreadable',
      message: 'unknown sealed-spec version 2',
    })
    const { encrypt } = await import('eciesjs')
    const bad =
      `0x01${Buffer.from(encrypt(Buffer.from(key.slice(2), 'hex'), Buffer.from('{"command":[]}'))).toString('hex')}` as Hex
    const opened = openSealedSpec(bad, providerKey)
    expect(opened).toMatchObject({ ok: false, problem: 'invalid' })
    if (!opened.ok) expect(opened.message).toContain('command')
  })

  it('refuses to seal a spec the contract would refuse as too long', async () => {
    const key = await sealingKey()
    const env = Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`V${i}`, 'x'.repeat(16_000)]))
    expect(() => sealJobSpec({ command: ['true'], env }, key)).toThrow(SealedSpecTooLarge)
    expect(MAX_SEALED_SPEC_BYTES).toBe(32 * 1024)
  })

  it('refuses a signature made by another key than the offer’s provider', async () => {
    const other = privateKeyToAccount(generatePrivateKey())
    const signature = await other.signTypedData(offerTypedData(31337, market, offer))
    await expect(providerSealingKey(31337, market, offer, signature)).rejects.toThrow(ProviderKeyUnavailable)
  })
})
