import { describe, expect, it } from 'vitest'
import { eventually } from './eventually'

describe('eventually', () => {
  it('returns the first value once it appears', async () => {
    let calls = 0
    const value = await eventually(async () => (++calls < 3 ? undefined : 'ready'), {
      withinMs: 1000,
      intervalMs: 1,
    })
    expect([value, calls]).toEqual(['ready', 3])
  })

  it('gives undefined when nothing appears in time', async () => {
    let calls = 0
    const value = await eventually(
      async () => {
        calls++
        return undefined
      },
      { withinMs: 30, intervalMs: 5 },
    )
    expect(value).toBeUndefined()
    expect(calls).toBeGreaterThan(1)
  })

  it('retries only the errors it is told to, and rethrows the last one at the deadline', async () => {
    const notYet = new Error('not yet')
    let calls = 0
    await expect(
      eventually(
        async () => {
          calls++
          throw notYet
        },
        { withinMs: 20, intervalMs: 5, retryable: (e) => e === notYet },
      ),
    ).rejects.toBe(notYet)
    expect(calls).toBeGreaterThan(1)
    const fatal = new Error('fatal')
    let fatalCalls = 0
    await expect(
      eventually(
        async () => {
          fatalCalls++
          throw fatal
        },
        { withinMs: 1000, intervalMs: 1, retryable: (e) => e === notYet },
      ),
    ).rejects.toBe(fatal)
    expect(fatalCalls).toBe(1)
  })
})
