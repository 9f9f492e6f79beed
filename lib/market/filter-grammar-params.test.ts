import { describe, expect, it } from 'vitest'
import { type Filter, parseFilter } from './filter-grammar'
import { filterFromSearchParams, toSearchParams } from './filter-grammar-params'

function fromParams(query: string): Filter {
  const result = filterFromSearchParams(new URLSearchParams(query))
  if (!result.ok) throw new Error(`expected ${query} to parse: ${result.error.message}`)
  return result.filter
}

const meaning = (filter: Filter) => filter.clauses.map((c) => [c.field, c.op, c.values])

describe('filterFromSearchParams', () => {
  it('merges the search text with field parameters', () => {
    const filter = fromParams(
      'q=h100 reliability>95%&gpu=H100,A100&gpus_min=2&price_max=3&region=EU&sort=price&order=asc',
    )
    expect(meaning(filter)).toEqual([
      ['reliability', '>', [0.95]],
      ['gpu', '=', ['H100', 'A100']],
      ['gpus', '>=', [2]],
      ['price', '<=', [3]],
      ['region', '=', ['EU']],
    ])
    expect(filter.text).toEqual(['h100'])
    expect(filter.sort).toEqual({ field: 'price', order: 'asc' })
    expect(filter.clauses[2]).toEqual({
      field: 'gpus',
      op: '>=',
      values: [2],
      raw: 'gpus_min=2',
      start: 0,
      end: 1,
      param: 'gpus_min',
    })
  })

  it('reads units, aliases, quotes and spaces in parameter values', () => {
    const filter = fromParams(
      'vram_min=80GB&hours_max=2d&count=1,2&region=US East&gpu="a,b"&reliability_min=90%',
    )
    expect(meaning(filter)).toEqual([
      ['vram', '>=', [80 * 1024]],
      ['duration', '<=', [48]],
      ['gpus', '=', [1, 2]],
      ['region', '=', ['US East']],
      ['gpu', '=', ['a,b']],
      ['reliability', '>=', [0.9]],
    ])
  })

  it('makes a repeated parameter one more clause, and leaves parameters that are not filters alone', () => {
    const filter = fromParams('price_min=1&price_min=2&page=3&limit=50&cursor=abc')
    expect(meaning(filter)).toEqual([
      ['price', '>=', [1]],
      ['price', '>=', [2]],
    ])
    expect(filter.sort).toBeUndefined()
  })

  it('defaults the order to ascending and accepts it in any case', () => {
    expect(fromParams('sort=pergpu').sort).toEqual({ field: 'gpuprice', order: 'asc' })
    expect(fromParams('sort=vram&order=DESC').sort).toEqual({ field: 'vram', order: 'desc' })
    expect(fromParams('sort=memory&order=desc').sort).toEqual({ field: 'ram', order: 'desc' })
  })

  it('reads CPU cores, and memory and disk in GiB unless a unit says otherwise', () => {
    expect(
      meaning(fromParams('cpus_min=16&ram_min=128&disk_max=2TB&cores=8,16&storage_min=512000MiB')),
    ).toEqual([
      ['cpus', '>=', [16]],
      ['ram', '>=', [128 * 1024]],
      ['disk', '<=', [2 * 1024 * 1024]],
      ['cpus', '=', [8, 16]],
      ['disk', '>=', [512_000]],
    ])
    const params = toSearchParams(fromParams('q=cpus>=16 ram>=128 disk>=500 disk<=1000 cpus>8'))
    expect([...params]).toEqual([
      ['q', 'cpus>8'],
      ['cpus_min', '16'],
      ['ram_min', '128'],
      ['disk_min', '500'],
      ['disk_max', '1000'],
    ])
  })

  it('reads the ways in and the runners as parameters, and writes them back', () => {
    const filter = fromParams('access=ssh,Ports&runner=sandbox,container&gpu=H100')
    expect(meaning(filter)).toEqual([
      ['access', '=', ['ssh', 'ports']],
      ['isolation', '=', ['sandbox', 'container']],
      ['gpu', '=', ['H100']],
    ])
    expect(toSearchParams(filter).toString()).toBe(
      'gpu=H100&access=ssh%2Cports&isolation=sandbox%2Ccontainer',
    )
  })

  it.each([
    [
      'access=ssh,telnet',
      {
        param: 'access',
        message: '`access` needs one of ssh, terminal, ports, files, got `telnet`',
        start: 4,
        end: 10,
      },
    ],
    [
      'access_min=ssh',
      {
        param: 'access_min',
        message: '`access_min` is not a filter: `access` has no range',
        start: 0,
        end: 3,
      },
    ],
    ['q=price<abc', { param: 'q', message: '`price` needs a number, got `abc`', start: 6, end: 9 }],
    [
      'gpus_min=abc',
      { param: 'gpus_min', message: '`gpus_min` needs a whole number, got `abc`', start: 0, end: 3 },
    ],
    [
      'price_max=1,2',
      { param: 'price_max', message: '`price_max` takes a single value, not a list', start: 1, end: 2 },
    ],
    ['gpu=', { param: 'gpu', message: 'empty value after `gpu=`', start: 0, end: 0 }],
    ['gpu=H100,', { param: 'gpu', message: 'empty value in the list after `gpu=`', start: 4, end: 5 }],
    ['region="EU', { param: 'region', message: 'unterminated quote', start: 0, end: 3 }],
    [
      'gpu_min=H100',
      { param: 'gpu_min', message: '`gpu_min` is not a filter: `gpu` has no range', start: 0, end: 4 },
    ],
    [
      'sort=pirce',
      { param: 'sort', message: 'cannot sort by `pirce` (did you mean `price`?)', start: 0, end: 5 },
    ],
    [
      'sort=region',
      {
        param: 'sort',
        message:
          'cannot sort by `region`; sort by gpus, price, gpuprice, vram, cpus, ram, disk, reliability, duration, stake',
        start: 0,
        end: 6,
      },
    ],
    [
      'sort=price&order=up',
      { param: 'order', message: '`order` must be `asc` or `desc`, got `up`', start: 0, end: 2 },
    ],
    [
      `stake_min=${'1'.repeat(1001)}`,
      {
        param: 'stake_min',
        message: '`stake_min` is too long (at most 1000 characters)',
        start: 0,
        end: 1001,
      },
    ],
  ])('rejects %s, naming the parameter', (query, error) => {
    expect(filterFromSearchParams(new URLSearchParams(query))).toEqual({ ok: false, error })
  })

  it('counts parameters toward the limit of 32 terms', () => {
    const q = Array.from({ length: 31 }, (_, i) => `gpus!=${i}`).join(' ')
    expect(fromParams(`q=${q}&price_max=3`).clauses).toHaveLength(32)
    expect(filterFromSearchParams(new URLSearchParams(`q=${q}&price_max=3&stake_min=1`))).toEqual({
      ok: false,
      error: { param: 'stake_min', message: 'too many filter terms (at most 32)', start: 0, end: 1 },
    })
  })
})

describe('toSearchParams', () => {
  it('writes one parameter per field in field order, then sort and order', () => {
    const filter = fromParams('sort=price&order=desc&region=EU&price_max=3&gpus_min=2&gpu=H100,A100')
    expect(toSearchParams(filter).toString()).toBe(
      'gpu=H100%2CA100&gpus_min=2&price_max=3&region=EU&sort=price&order=desc',
    )
  })

  it('keeps in `q` what a parameter cannot say alone: free text, `!=`, `<`, `>`, repeated fields', () => {
    const parsed = parseFilter('h100 price<3 price>1 gpus>=2 gpus>=4 region!=US vram>=80 region="US East"')
    if (!parsed.ok) throw new Error(parsed.error.message)
    const params = toSearchParams(parsed.filter)
    expect([...params]).toEqual([
      ['q', 'price<3 price>1 gpus>=2 gpus>=4 region!=US h100'],
      ['vram_min', '80'],
      ['region', 'US East'],
    ])
    expect(meaning(fromParams(params.toString()))).toEqual([
      ['price', '<', [3]],
      ['price', '>', [1]],
      ['gpus', '>=', [2]],
      ['gpus', '>=', [4]],
      ['region', '!=', ['US']],
      ['vram', '>=', [80 * 1024]],
      ['region', '=', ['US East']],
    ])
  })

  it('writes nothing for an empty filter', () => {
    expect(toSearchParams({ clauses: [], text: [] }).toString()).toBe('')
  })
})
