import { describe, expect, it } from 'vitest'
import { type Filter, MAX_FILTER_LENGTH, MAX_FILTER_TERMS, parseFilter } from './filter-grammar'
import { formatFilter } from './filter-grammar-format'

function parsed(input: string): Filter {
  const result = parseFilter(input)
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to parse: ${result.error.message}`)
  return result.filter
}

/** Field, operator and values of each clause: what a consumer filters on. */
const meaning = (input: string) => parsed(input).clauses.map((c) => [c.field, c.op, c.values])

describe('parseFilter', () => {
  it('reads the example search into typed clauses with their positions', () => {
    const filter = parsed('gpu=H100 gpus>=2 price<3 vram>=80 region=EU reliability>0.95')
    expect(filter.text).toEqual([])
    expect(filter.clauses).toEqual([
      { field: 'gpu', op: '=', values: ['H100'], raw: 'gpu=H100', start: 0, end: 8 },
      { field: 'gpus', op: '>=', values: [2], raw: 'gpus>=2', start: 9, end: 16 },
      { field: 'price', op: '<', values: [3], raw: 'price<3', start: 17, end: 24 },
      { field: 'vram', op: '>=', values: [80 * 1024], raw: 'vram>=80', start: 25, end: 33 },
      { field: 'region', op: '=', values: ['EU'], raw: 'region=EU', start: 34, end: 43 },
      { field: 'reliability', op: '>', values: [0.95], raw: 'reliability>0.95', start: 44, end: 60 },
    ])
  })

  it('reads every operator, with `:` meaning `=`', () => {
    expect(meaning('gpus=1 gpus!=2 gpus<3 gpus<=4 gpus>5 gpus>=6 gpus:7')).toEqual([
      ['gpus', '=', [1]],
      ['gpus', '!=', [2]],
      ['gpus', '<', [3]],
      ['gpus', '<=', [4]],
      ['gpus', '>', [5]],
      ['gpus', '>=', [6]],
      ['gpus', '=', [7]],
    ])
  })

  it('takes field names in any case, by their aliases, and with `_` or `-`', () => {
    expect(meaning('GPU=H100 Model=A100 count>=2 pergpu<2 gpu_price<3 Hours>=24 Price<=9')).toEqual([
      ['gpu', '=', ['H100']],
      ['gpu', '=', ['A100']],
      ['gpus', '>=', [2]],
      ['gpuprice', '<', [2]],
      ['gpuprice', '<', [3]],
      ['duration', '>=', [24]],
      ['price', '<=', [9]],
    ])
  })

  it('keeps quoted spaces, commas and escapes, and splits unquoted commas into either-or lists', () => {
    expect(meaning('region="US East" gpu=H100,A100 gpu!="RTX 4090","a,b" gpu="say \\"hi\\" \\\\"')).toEqual([
      ['region', '=', ['US East']],
      ['gpu', '=', ['H100', 'A100']],
      ['gpu', '!=', ['RTX 4090', 'a,b']],
      ['gpu', '=', ['say "hi" \\']],
    ])
    expect(meaning('gpus=1,2,4')).toEqual([['gpus', '=', [1, 2, 4]]])
  })

  it('keeps GPU values as written; matching them is applyFilter’s job', () => {
    expect(meaning('gpu=h100-sxm')).toEqual([['gpu', '=', ['h100-sxm']]])
  })

  it('reads bare words as free text, alone or among clauses, with whitespace of any kind', () => {
    expect(parsed('h100 sxm')).toEqual({ clauses: [], text: ['h100', 'sxm'] })
    const mixed = parsed('  rtx\t"4090 ti"  price<1\n a100/80 ')
    expect(mixed.text).toEqual(['rtx', '4090 ti', 'a100/80'])
    expect(mixed.clauses.map((c) => [c.raw, c.start, c.end])).toEqual([['price<1', 17, 24]])
    expect(parsed('   ')).toEqual({ clauses: [], text: [] })
    expect(parsed('"" h100')).toEqual({ clauses: [], text: ['h100'] })
  })

  it.each([
    ['vram>=80', 80 * 1024],
    ['vram>=80GB', 80 * 1024],
    ['vram>=80G', 80 * 1024],
    ['vram>=80gib', 80 * 1024],
    ['vram>=81920MiB', 81920],
    ['vram>=24576mb', 24576],
    ['vram>=1TB', 1024 * 1024],
    ['vram>=0.5GB', 512],
    ['duration>=24h', 24],
    ['duration>=24', 24],
    ['duration>=2d', 48],
    ['duration>=90m', 1.5],
    ['duration>=1w', 168],
    ['hours>=30min', 0.5],
    ['reliability>=0.95', 0.95],
    ['reliability>=95%', 0.95],
    ['reliability>=100%', 1],
    ['price<3', 3],
    ['price<$3.50', 3.5],
    ['price<.5', 0.5],
    ['stake>=1e3', 1000],
    ['gpuprice<2', 2],
    ['gpus>=8', 8],
    ['cpus>=16', 16],
    ['cores>=16', 16],
    ['ram>=128', 128 * 1024],
    ['memory>=128GB', 128 * 1024],
    ['ram>=1TB', 1024 * 1024],
    ['ram>=65536MiB', 64 * 1024],
    ['disk>=500', 500 * 1024],
    ['storage>=2TB', 2 * 1024 * 1024],
  ])('reads %s in the field’s unit', (input, value) => {
    expect(meaning(input)[0]?.[2]).toEqual([value])
  })

  it('reads the ways in and the runners in any case, as lowercase words', () => {
    expect(meaning('access=SSH,ports isolation!=Process runner=sandbox,container')).toEqual([
      ['access', '=', ['ssh', 'ports']],
      ['isolation', '!=', ['process']],
      ['isolation', '=', ['sandbox', 'container']],
    ])
  })

  it('normalises provider prefixes to lowercase', () => {
    expect(meaning('provider=0xAbC1,0xF')).toEqual([['provider', '=', ['0xabc1', '0xf']]])
  })

  it.each([
    ['gpuz=H100', 'unknown field `gpuz` (did you mean `gpu`?)', 0, 4],
    ['gpu=H100 pirce<3', 'unknown field `pirce` (did you mean `price`?)', 9, 14],
    ['gpu=H100 cuont>=2', 'unknown field `cuont` (did you mean `count`?)', 9, 14],
    [
      'colour=red',
      'unknown field `colour`; fields are gpu, gpus, price, gpuprice, vram, cpus, ram, disk, region, reliability, duration, provider, stake, access, isolation',
      0,
      6,
    ],
    ['price<abc', '`price` needs a number, got `abc`', 6, 9],
    ['price<-3', '`price` needs a number, got `-3`', 6, 8],
    ['gpu=H100 stake>="12 k"', '`stake` needs a number, got `12 k`', 16, 22],
    ['gpus>=2.5', '`gpus` needs a whole number, got `2.5`', 6, 9],
    ['count>=two', '`count` needs a whole number, got `two`', 7, 10],
    ['vram>=80XB', '`vram` needs a size such as 80, 80GB or 81920MiB, got `80XB`', 6, 10],
    ['vram>=8constructor', '`vram` needs a size such as 80, 80GB or 81920MiB, got `8constructor`', 6, 18],
    ['cpus>=8.5', '`cpus` needs a whole number, got `8.5`', 6, 9],
    ['ram>=lots', '`ram` needs a size such as 128, 128GB or 1TB, got `lots`', 5, 9],
    ['gpu=H100 disk<=500XB', '`disk` needs a size such as 500, 500GB or 2TB, got `500XB`', 15, 20],
    ['gpu=H100 rma>=64', 'unknown field `rma` (did you mean `ram`?)', 9, 12],
    ['duration>=1y', '`duration` needs a duration such as 24h, 2d or 90m, got `1y`', 10, 12],
    [
      'reliability>95',
      '`reliability` needs a number from 0 to 1 or a percentage such as 95%, got `95`',
      12,
      14,
    ],
    [
      'reliability>101%',
      '`reliability` needs a number from 0 to 1 or a percentage such as 95%, got `101%`',
      12,
      16,
    ],
    ['provider=acme', '`provider` needs a 0x address or a prefix of one, got `acme`', 9, 13],
    ['access=ssh,vnc', '`access` needs one of ssh, terminal, ports, files, got `vnc`', 11, 14],
    ['isolation=vm', '`isolation` needs one of process, sandbox, container, got `vm`', 10, 12],
    ['access>=ssh', '`>=` is not allowed on `access`', 6, 8],
    ['acess=ssh', 'unknown field `acess` (did you mean `access`?)', 0, 5],
    ['gpus=1,x', '`gpus` needs a whole number, got `x`', 7, 8],
    ['region<EU', '`<` is not allowed on `region`', 6, 7],
    ['gpu>=H100', '`>=` is not allowed on `gpu`', 3, 5],
    ['provider>0x1', '`>` is not allowed on `provider`', 8, 9],
    ['region="US East', 'unterminated quote', 7, 15],
    ['gpu=H100 "h100 sxm', 'unterminated quote', 9, 18],
    ['gpu=', 'empty value after `gpu=`', 0, 4],
    ['price<3 gpu= H100', 'empty value after `gpu=`', 8, 12],
    ['region=""', 'empty value after `region=`', 0, 9],
    ['gpu=H100,', 'empty value in the list after `gpu=`', 8, 9],
    ['gpu=,H100', 'empty value in the list after `gpu=`', 4, 5],
    ['gpu=H100,,A100', 'empty value in the list after `gpu=`', 9, 10],
    ['price<1,2', '`<` takes a single value, not a list', 7, 8],
    ['<3', 'missing field name before `<`', 0, 1],
    ['h100 >=2', 'missing field name before `>=`', 5, 7],
    ['gpu!H100', '`!` must be followed by `=`', 3, 4],
    ['gpu==H100', 'unexpected `=` after `gpu=`', 4, 5],
    ['price=>3', 'unexpected `>` after `price=`', 6, 7],
  ])('rejects %s: %s', (input, message, start, end) => {
    expect(parseFilter(input)).toEqual({ ok: false, error: { message, start, end } })
  })

  it('reports the leftmost problem', () => {
    expect(parseFilter('price<abc gpuz=1')).toMatchObject({ error: { start: 6 } })
    expect(parseFilter('region<"EU')).toMatchObject({ error: { message: '`<` is not allowed on `region`' } })
  })

  it(`limits a search to ${MAX_FILTER_LENGTH} characters`, () => {
    const longest = `h100 ${'x'.repeat(MAX_FILTER_LENGTH - 5)}`
    expect(parseFilter(longest).ok).toBe(true)
    expect(parseFilter(`${longest}yz`)).toEqual({
      ok: false,
      error: { message: 'the search is too long (1002 characters; at most 1000)', start: 1000, end: 1002 },
    })
  })

  it(`limits a search to ${MAX_FILTER_TERMS} terms`, () => {
    const terms = Array.from({ length: MAX_FILTER_TERMS }, (_, i) => `gpus!=${i}`)
    expect(parsed(terms.join(' ')).clauses).toHaveLength(MAX_FILTER_TERMS)
    const tooMany = `${terms.join(' ')} h100 sxm `
    const start = terms.join(' ').length + 1
    expect(parseFilter(tooMany)).toEqual({
      ok: false,
      error: { message: 'too many terms (at most 32)', start, end: start + 'h100 sxm'.length },
    })
  })
})

describe('formatFilter', () => {
  it.each([
    ['gpu=H100 gpus>=2 price<3 vram>=80 region=EU reliability>0.95', null],
    ['  GPU:H100   count>=2 ', 'gpu=H100 gpus>=2'],
    ['vram>=80GB vram<81920MiB vram=24576mb vram>100MiB', 'vram>=80 vram<80 vram=24 vram>100MiB'],
    [
      'duration>=48h hours<=90m duration<1440m duration>25',
      'duration>=2d duration<=90m duration<1d duration>25h',
    ],
    ['reliability>=95% price<$3 pergpu<=.5', 'reliability>=0.95 price<3 gpuprice<=0.5'],
    [
      'provider=0xABCD region="US East" gpu=H100,"RTX 4090"',
      'provider=0xabcd region="US East" gpu=H100,"RTX 4090"',
    ],
    ['gpu="a\\"b" gpu="=x" gpu!="a,b"', null],
    ['h100 "4090 ti" "a=b" "x:y"', null],
    ['"h100"  sxm', 'h100 sxm'],
    ['cpus>=16 ram>=128 disk>=500', null],
    ['ACCESS:SSH,Files runner!=PROCESS', 'access=ssh,files isolation!=process'],
    [
      'cores>=16 memory>=128GB storage<=2TB ram=512MiB disk!=1536MiB',
      'cpus>=16 ram>=128 disk<=2048 ram=512MiB disk!=1536MiB',
    ],
  ])('writes %s canonically', (input, expected) => {
    const canonical = formatFilter(parsed(input))
    expect(canonical).toBe(expected ?? input)
    expect(formatFilter(parsed(canonical))).toBe(canonical)
  })

  it('writes nothing for an empty filter', () => {
    expect(formatFilter(parsed(''))).toBe('')
  })
})
