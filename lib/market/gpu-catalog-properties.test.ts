import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GPU_MODELS, resolveGpuModel } from './gpu-catalog'
import type { GpuModel } from './gpu-model'

// Fixed seed so CI is reproducible; set FC_SEED to explore, fast-check prints the seed on failure.
const runs = { seed: Number(process.env.FC_SEED ?? 20261124), numRuns: 300 }

const model = fc.constantFrom(...GPU_MODELS)
const spelling = (m: GpuModel) => fc.constantFrom(m.name, m.id)

/** Re-spells a name the way people and tools do: any case, any separators, extra padding. */
const respelled = (name: string) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }),
      fc.array(fc.constantFrom(' ', '  ', '-', '_', '\t', ' - '), { minLength: 1, maxLength: 1 }),
      fc.constantFrom('', ' ', '\n'),
    )
    .map(([upper, [separator = ' '], padding]) => {
      const cased = [...name].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase())).join('')
      return `${padding}${cased.split(/[ -]/).join(separator)}${padding}`
    })

const vendorPrefix = (m: GpuModel) =>
  m.vendor === 'nvidia' ? fc.constantFrom('', 'NVIDIA ', 'nvidia-') : fc.constantFrom('', 'AMD ')

describe('resolution properties', () => {
  it('is case-, separator- and whitespace-insensitive on canonical names and ids', () => {
    const arbitrary = model.chain((m) =>
      fc.tuple(fc.constant(m), vendorPrefix(m), spelling(m).chain(respelled)),
    )
    fc.assert(
      fc.property(arbitrary, ([m, prefix, name]) => {
        const resolved = resolveGpuModel(`${prefix}${name}`)
        expect(resolved.known && resolved.model.id).toBe(m.id)
      }),
      runs,
    )
  })

  it('is idempotent: a resolved model resolves to itself by name and by id', () => {
    const anyName = fc.oneof(
      fc.string(),
      model.chain(spelling),
      fc.constantFrom('A100 SXM4', 'Tesla V100', 'GTX 1060', 'RTX 4060 Ti', 'GH200 SXM'),
    )
    fc.assert(
      fc.property(anyName, (name) => {
        const first = resolveGpuModel(name)
        if (!first.known) {
          expect(first.reported).toBe(name)
          return
        }
        for (const again of [first.model.name, first.model.id]) {
          const second = resolveGpuModel(again)
          expect(second.known && second.model).toBe(first.model)
          expect(second.known && second.memoryAssumed).toBe(false)
        }
      }),
      runs,
    )
  })

  it('never throws and keeps any unrecognised input verbatim', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (name) => {
        const resolved = resolveGpuModel(name)
        expect(resolved.reported).toBe(name)
      }),
      runs,
    )
  })
})
