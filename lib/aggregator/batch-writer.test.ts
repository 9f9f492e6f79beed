import { describe, expect, it } from 'vitest'
import { BatchWriter } from './batch-writer'

describe('BatchWriter', () => {
  it('writes full batches without lingering, and the rest as soon as it is closed', async () => {
    const batches: number[][] = []
    const writer = new BatchWriter<number>(
      async (batch) => {
        batches.push(batch)
      },
      3,
      100,
      60_000,
    )
    const started = performance.now()
    for (let i = 0; i < 7; i++) await writer.push(i)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(batches).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ])
    writer.close()
    await writer.done
    expect(batches).toEqual([[0, 1, 2], [3, 4, 5], [6]])
    expect(performance.now() - started).toBeLessThan(5_000) // never the minute's linger
  })

  it('lingers for a batch to fill, then writes what it has', async () => {
    const batches: number[][] = []
    const writer = new BatchWriter<number>(
      async (batch) => {
        batches.push(batch)
      },
      100,
      1000,
      30,
    )
    await writer.push(1)
    await writer.push(2)
    expect(batches).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(batches).toEqual([[1, 2]])
    writer.close()
    await writer.done
  })

  it('makes producers wait while its queue is at the limit', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const written: number[] = []
    const writer = new BatchWriter<number>(
      async (batch) => {
        await gate
        written.push(...batch)
      },
      2,
      2,
      0,
    )
    for (let i = 0; i < 4; i++) await writer.push(i) // two in the stuck write, two queued
    let fifthIn = false
    const fifth = writer.push(4).then(() => {
      fifthIn = true
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(fifthIn).toBe(false)
    release()
    await fifth
    writer.close()
    await writer.done
    expect(written).toEqual([0, 1, 2, 3, 4])
  })
})
