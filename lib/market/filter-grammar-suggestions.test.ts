import { describe, expect, it } from 'vitest'
import { FILTER_FIELDS } from './filter-grammar-fields'
import { type FilterSuggestion, suggestions } from './filter-grammar-suggestions'
import { GPU_MODELS } from './gpu-catalog'

const inserts = (list: FilterSuggestion[]) => list.map((s) => s.insert)
/** The text after accepting a suggestion. */
const accept = (input: string, s: FilterSuggestion | undefined) =>
  s ? `${input.slice(0, s.start)}${s.insert}${input.slice(s.end)}` : input

describe('suggestions', () => {
  it('offers every field at the start and after a space', () => {
    const names = FILTER_FIELDS.map((f) => f.name)
    expect(inserts(suggestions('', 0))).toEqual(names)
    expect(inserts(suggestions('gpu=H100 ', 9))).toEqual(names)
    expect(suggestions('gpu=H100 ', 9)[0]).toMatchObject({ kind: 'field', start: 9, end: 9 })
  })

  it('completes a field name by prefix, in any case, and by alias', () => {
    expect(inserts(suggestions('gp', 2))).toEqual(['gpu', 'gpus', 'gpuprice'])
    expect(inserts(suggestions('price<3 RE', 10))).toEqual(['region', 'reliability'])
    expect(inserts(suggestions('co', 2))).toEqual(['count', 'cores'])
    expect(inserts(suggestions('gpus>=2 c', 9))).toEqual(['count', 'cpus'])
    expect(inserts(suggestions('r', 1))).toEqual(['ram', 'region', 'reliability', 'runner'])
    expect(inserts(suggestions('me', 2))).toEqual(['memory'])
    expect(inserts(suggestions('d', 1))).toEqual(['disk', 'duration'])
    expect(suggestions('price<3 re', 10)[0]).toMatchObject({ start: 8, end: 10 })
    expect(suggestions('zz', 2)).toEqual([])
  })

  it('offers the operators of a complete field name first, then longer field names', () => {
    expect(inserts(suggestions('gpu', 3))).toEqual(['gpu=', 'gpu!=', 'gpus', 'gpuprice'])
    expect(inserts(suggestions('price', 5))).toEqual([
      'price=',
      'price!=',
      'price<',
      'price<=',
      'price>',
      'price>=',
    ])
    expect(inserts(suggestions('price<', 6))).toEqual(['price<', 'price<='])
    expect(inserts(suggestions('gpu!', 4))).toEqual(['gpu!='])
    expect(suggestions('vram>', 5)[1]).toMatchObject({ kind: 'operator', start: 0, end: 5 })
    expect(inserts(suggestions('cpus>', 5))).toEqual(['cpus>', 'cpus>='])
    expect(inserts(suggestions('ram<', 4))).toEqual(['ram<', 'ram<='])
  })

  it('offers GPU families and canonical ids after `gpu=`, filtered by prefix, at most 8', () => {
    const all = suggestions('gpu=', 4)
    expect(all).toHaveLength(8)
    expect(all[0]).toMatchObject({ kind: 'value', label: GPU_MODELS[0]?.family, start: 4, end: 4 })
    expect(suggestions('gpu=h1', 6)).toEqual([
      { kind: 'value', label: 'H100', insert: 'H100', start: 4, end: 6, detail: 'any H100' },
      {
        kind: 'value',
        label: 'H100-SXM-80GB',
        insert: 'H100-SXM-80GB',
        start: 4,
        end: 6,
        detail: 'H100 SXM 80GB',
      },
      {
        kind: 'value',
        label: 'H100-PCIE-80GB',
        insert: 'H100-PCIE-80GB',
        start: 4,
        end: 6,
        detail: 'H100 PCIe 80GB',
      },
      {
        kind: 'value',
        label: 'H100-NVL-94GB',
        insert: 'H100-NVL-94GB',
        start: 4,
        end: 6,
        detail: 'H100 NVL 94GB',
      },
    ])
  })

  it('completes the list item under the cursor and quotes names with spaces', () => {
    const input = 'gpu!=A100,rtx4090 price<3'
    const list = suggestions(input, 15)
    expect(list.length).toBeGreaterThan(0)
    expect(list.every((s) => s.start === 10 && s.end === 17)).toBe(true)
    expect(inserts(list)).toContain('"RTX 4090"')
    const accepted = accept(
      input,
      list.find((s) => s.label === 'RTX 4090'),
    )
    expect(accepted).toBe('gpu!=A100,"RTX 4090" price<3')
    expect(inserts(suggestions('gpu="rtx 40', 11))).toContain('"RTX 4090"')
  })

  it('offers the ways in after `access=` and the runners after `isolation=`, by prefix', () => {
    expect(inserts(suggestions('access=', 7))).toEqual(['ssh', 'terminal', 'ports', 'files'])
    expect(inserts(suggestions('access=ssh,p', 12))).toEqual(['ports'])
    expect(suggestions('access=ssh,p', 12)[0]).toMatchObject({
      start: 11,
      end: 12,
      detail: expect.any(String),
    })
    expect(inserts(suggestions('isolation!=', 11))).toEqual(['process', 'sandbox', 'container'])
    expect(inserts(suggestions('runner=s', 8))).toEqual(['sandbox'])
    expect(inserts(suggestions('access', 6))).toEqual(['access=', 'access!='])
  })

  it('offers the given regions after `region=`, by prefix and in any case', () => {
    const regions = ['EU-Central', 'US-East', 'eu-west', 'US West']
    expect(inserts(suggestions('region=e', 8, { regions }))).toEqual(['EU-Central', 'eu-west'])
    expect(inserts(suggestions('region:us', 9, { regions }))).toEqual(['US-East', '"US West"'])
    expect(suggestions('region=', 7)).toEqual([])
  })

  it('offers no values where there are none to offer', () => {
    expect(suggestions('price<3', 7)).toEqual([])
    expect(suggestions('gpuz=', 5)).toEqual([])
    expect(suggestions('h100 sxm', 8)).toEqual([])
  })

  it('treats the cursor as the end of the text when it is out of range', () => {
    expect(inserts(suggestions('gp', 99))).toEqual(['gpu', 'gpus', 'gpuprice'])
    expect(inserts(suggestions('gp', -1))).toEqual(inserts(suggestions('', 0)))
  })
})
