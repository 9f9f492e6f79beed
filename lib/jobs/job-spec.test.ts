import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson, IDLE_COMMAND, isInteractive, jobArgv, jobSpecSchema, keepsMachine } from './job-spec'

describe('job spec', () => {
  it('encodes the same spec the same way whatever the key order, defaults included', () => {
    const a = canonicalJson(jobSpecSchema.parse({ command: ['python', 'train.py'], env: { B: '2', A: '1' } }))
    const b = canonicalJson(
      jobSpecSchema.parse(JSON.parse('{"env":{"A":"1","B":"2"},"command":["python","train.py"]}')),
    )
    expect(a).toBe(b)
    expect(a).toBe('{"command":["python","train.py"],"env":{"A":"1","B":"2"},"onExit":"finish"}')
  })

  it('keeps what happens when the program exits, finish unless the renter keeps the machine', () => {
    expect(jobSpecSchema.parse({ command: ['true'] }).onExit).toBe('finish')
    expect(jobSpecSchema.parse({ command: ['true'], onExit: 'keep' }).onExit).toBe('keep')
    expect(jobSpecSchema.safeParse({ command: ['true'], onExit: 'later' }).success).toBe(false)
  })

  it('a spec without a command is an interactive machine: an idle program, kept to the end', () => {
    const interactive = jobSpecSchema.parse({ sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 me' })
    expect(interactive.command).toBeUndefined()
    expect(isInteractive(interactive)).toBe(true)
    expect(jobArgv(interactive)).toEqual(IDLE_COMMAND)
    // Whatever onExit says (its default included), an interactive machine is never finished early.
    expect(interactive.onExit).toBe('finish')
    expect(keepsMachine(interactive)).toBe(true)
    expect(canonicalJson(jobSpecSchema.parse({}))).toBe('{"env":{},"onExit":"finish"}')

    const batch = jobSpecSchema.parse({ command: ['python', 'train.py'] })
    expect(isInteractive(batch)).toBe(false)
    expect(jobArgv(batch)).toEqual(['python', 'train.py'])
    expect(keepsMachine(batch)).toBe(false)
    expect(keepsMachine({ ...batch, onExit: 'keep' })).toBe(true)
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
