import { describe, expect, it } from 'vitest'
import { assignCores } from './cpu-allocator'

describe('assignCores', () => {
  it('gives each rental cores of its own while the host has enough', () => {
    expect(assignCores(4, 16, [])).toEqual([0, 1, 2, 3])
    expect(assignCores(4, 16, [[0, 1, 2, 3]])).toEqual([4, 5, 6, 7])
    expect(assignCores(2, 8, [[0, 1, 2], [5]])).toEqual([3, 4])
  })

  it('shares the least used cores once every core is taken', () => {
    expect(
      assignCores(2, 4, [
        [0, 1, 2, 3],
        [0, 1],
      ]),
    ).toEqual([2, 3])
    expect(assignCores(1, 2, [[0], [1], [0]])).toEqual([1])
  })

  it('pins nothing for a fractional share or one larger than the host', () => {
    expect(assignCores(0.5, 8, [])).toBeUndefined()
    expect(assignCores(9, 8, [])).toBeUndefined()
    expect(assignCores(0, 8, [])).toBeUndefined()
  })
})
