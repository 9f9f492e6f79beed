import { randomBytes } from 'node:crypto'
import { bytesToHex, type Hex, hashTypedData, hexToBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, describe, expect, it } from 'vitest'
import { offerTypedData } from '@/lib/chain/offer-typed-data'
import { makeOffer, TEST_CHAIN_ID, TEST_MARKET } from '@/test-support/aggregator/test-offers'
import { domainSeparator, offerStruct } from './offer-digest'
import { type SignatureJob, SignerRecovery } from './signer-recovery'

const separator = domainSeparator(TEST_CHAIN_ID, TEST_MARKET)

/** `count` offers signed by fresh keys, as jobs, with their digests and signers' addresses. */
async function signedJobs(count: number) {
  const jobs: SignatureJob[] = []
  const expected: { digest: Hex; signer: string | undefined }[] = []
  for (let i = 0; i < count; i++) {
    const account = privateKeyToAccount(bytesToHex(randomBytes(32)))
    const typed = offerTypedData(TEST_CHAIN_ID, TEST_MARKET, makeOffer(account))
    const signature = hexToBytes(await account.signTypedData(typed))
    const recoveryId = signature[64] === 27 ? 0 : 1
    jobs.push({
      separator,
      struct: offerStruct(typed.message),
      signature: { rs: signature.subarray(0, 64), recoveryId },
    })
    expected.push({ digest: hashTypedData(typed), signer: account.address.toLowerCase() })
  }
  return { jobs, expected }
}

const shown = (findings: { digest: Uint8Array; signer?: Uint8Array }[]) =>
  findings.map(({ digest, signer }) => ({ digest: bytesToHex(digest), signer: signer && bytesToHex(signer) }))

describe('SignerRecovery', () => {
  const opened: SignerRecovery[] = []
  const open = (options: ConstructorParameters<typeof SignerRecovery>[0]) => {
    const recovery = new SignerRecovery(options)
    opened.push(recovery)
    return recovery
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((r) => r.close()))
  })

  it('finds the same digests and signers in worker threads as in this thread, in order, across chunks', async () => {
    const { jobs, expected } = await signedJobs(70)
    const struct = offerStruct(makeOffer(privateKeyToAccount(bytesToHex(randomBytes(32)))))
    // r = 5 is no point's x on secp256k1, r = 0 is out of range, and a job may carry no signature.
    const r5 = Uint8Array.from({ length: 64 }, (_, i) => (i === 31 || i === 63 ? 5 : 0))
    const odd: SignatureJob[] = [
      { separator, struct, signature: { rs: r5, recoveryId: 1 } },
      { separator, struct, signature: { rs: new Uint8Array(64), recoveryId: 0 } },
      { separator, struct },
    ]
    const digest = bytesToHex(
      (await open({ workers: 0 }).check([{ separator, struct }]))[0]?.digest ?? new Uint8Array(),
    )
    const all = [...jobs.slice(0, 40), ...odd, ...jobs.slice(40)]
    const want = [
      ...expected.slice(0, 40),
      ...odd.map(() => ({ digest, signer: undefined })),
      ...expected.slice(40),
    ]
    const [threads, here] = [open({ workers: 2 }), open({ workers: 0 })]
    for (const recovery of [threads, here]) expect(shown(await recovery.check(all))).toEqual(want)
    expect([threads.inWorkers, here.inWorkers]).toEqual([true, false])
  })

  it('does the work in this thread when its worker cannot start', async () => {
    const { jobs, expected } = await signedJobs(3)
    const recovery = open({
      workers: 1,
      modules: { secp256k1: '/nowhere/secp.cjs', sha3: '/nowhere/sha3.js' },
    })
    expect(shown(await recovery.check(jobs))).toEqual(expected)
    expect(recovery.inWorkers).toBe(false)
    expect(shown(await recovery.check(jobs))).toEqual(expected)
  })

  it('hands back the jobs a worker held when it is closed', async () => {
    const { jobs, expected } = await signedJobs(5)
    const recovery = open({ workers: 1 })
    const pending = recovery.check(jobs)
    await recovery.close()
    expect(shown(await pending)).toEqual(expected)
  })
})
