import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson, jobSpecHash, jobSpecSchema } from './job-spec'

describe('job spec', () => {
  it('hashes the same spec the same way whatever the key order', () => {
    const a = jobSpecHash({ command: ['python', 'train.py'], env: { B: '2', A: '1' } })
    const b = jobSpecHash(
      jobSpecSchema.parse(JSON.parse('{"env":{"A":"1","B":"2"},"command":["python","train.py"]}')),
    )
    expect(a).toBe(b)
    expect(a).toMatch(/^0x[0-9a-f]{64}$/)
  })

  it('changes the hash when any part of the spec changes', () => {
    const base = { command: ['python', 'train.py'], env: { A: '1' } }
    const hashes = new Set([
      jobSpecHash(base),
      jobSpecHash({ ...base, command: ['python', 'train.py', '--fast'] }),
      jobSpecHash({ ...base, env: { A: '2' } }),
      jobSpecHash({ ...base, image: 'pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime' }),
    ])
    expect(hashes.size).toBe(4)
  })

  it('canonical JSON is stable for any object (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const shuffled = Object.fromEntries(Object.entries(value).reverse())
        expect(canonicalJson(shuffled)).toBe(canonicalJson(value))
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))
      }),
      { seed: 1 },
    )
  })

  it('rejects bad specs with a sentence naming the problem', () => {
    const bad = [
      [{ command: [] }, 'command must name a program'],
      [{ command: ['x'], env: { 'BAD-NAME': '1' } }, 'environment variable names'],
      [{ command: ['x'], image: 'ubuntu; rm -rf /' }, 'image must be a container image reference'],
      [{ command: ['x'], sshPublicKey: 'not a key' }, 'sshPublicKey must be an OpenSSH public key'],
      [{ command: ['x'], extra: true }, 'Unrecognized key'],
    ] as const
    for (const [spec, message] of bad) {
      const result = jobSpecSchema.safeParse(spec)
      expect(result.success).toBe(false)
      expect(result.error?.issues.map((i) => i.message).join(' ')).toContain(message)
    }
  })
})
