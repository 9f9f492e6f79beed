import { randomBytes } from 'node:crypto'
import { bytesToHex, hexToBytes, keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, describe, expect, it } from 'vitest'
import { KeyRecovery, type RecoveryJob } from './key-recovery'

const addressOf = (key: Uint8Array | undefined) => key && bytesToHex(keccak256(key, 'bytes').subarray(12))

/** `count` signatures by fresh keys, as recovery jobs, with the signers' addresses. */
async function signedJobs(count: number) {
  const jobs: RecoveryJob[] = []
  const signers: string[] = []
  for (let i = 0; i < count; i++) {
    const account = privateKeyToAccount(bytesToHex(randomBytes(32)))
    const digest = randomBytes(32)
    const signature = hexToBytes(await account.sign({ hash: bytesToHex(digest) }))
    jobs.push({ digest, rs: signature.subarray(0, 64), recoveryId: signature[64] === 27 ? 0 : 1 })
    signers.push(account.address.toLowerCase())
  }
  return { jobs, signers }
}

// r = 5 is no point's x on secp256k1, and r = 0 is out of range: neither recovers a key.
const noKey: RecoveryJob[] = [
  { digest: randomBytes(32), rs: new Uint8Array(64).fill(0), recoveryId: 0 },
  {
    digest: randomBytes(32),
    rs: Uint8Array.from({ length: 64 }, (_, i) => (i === 31 || i === 63 ? 5 : 0)),
    recoveryId: 1,
  },
]

describe('KeyRecovery', () => {
  const opened: KeyRecovery[] = []
  const open = (options: ConstructorParameters<typeof KeyRecovery>[0]) => {
    const recovery = new KeyRecovery(options)
    opened.push(recovery)
    return recovery
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((r) => r.close()))
  })

  it('recovers the same keys in worker threads as in this thread, in order, across chunks', async () => {
    const { jobs, signers } = await signedJobs(70)
    const mixed = [...jobs.slice(0, 40), ...noKey, ...jobs.slice(40)]
    const expected = [...signers.slice(0, 40), undefined, undefined, ...signers.slice(40)]
    const [threads, here] = [open({ workers: 2 }), open({ workers: 0 })]
    for (const recovery of [threads, here])
      expect((await recovery.recover(mixed)).map(addressOf)).toEqual(expected)
    expect([threads.inWorkers, here.inWorkers]).toEqual([true, false])
  })

  it('does the work in this thread when its worker cannot start', async () => {
    const { jobs, signers } = await signedJobs(3)
    const recovery = open({ workers: 1, module: '/nowhere/tiny-secp256k1.cjs' })
    expect((await recovery.recover(jobs)).map(addressOf)).toEqual(signers)
    expect(recovery.inWorkers).toBe(false)
    expect((await recovery.recover(jobs)).map(addressOf)).toEqual(signers)
  })

  it('hands back the jobs a worker held when it is closed', async () => {
    const { jobs, signers } = await signedJobs(5)
    const recovery = open({ workers: 1 })
    const pending = recovery.recover(jobs)
    await recovery.close()
    expect((await pending).map(addressOf)).toEqual(signers)
  })
})
