import { describe, expect, it } from 'vitest'
import { controlValue, readNumber } from './control-value'
import { withControl } from './filter-edit'
import { parseFilter } from './filter-grammar'

const filterOf = (text: string) => {
  const parsed = parseFilter(text)
  if (!parsed.ok) throw new Error(parsed.error.message)
  return parsed.filter
}

describe('filter controls and the search text', () => {
  it('a control shows the one clause it stands for', () => {
    const filter = filterOf('gpu=H100 gpus>=2 gpuprice<=2.5 reliability>=95% region=EU price<3')
    expect(controlValue(filter, 'gpu')).toEqual({ kind: 'one', value: 'H100' })
    expect(controlValue(filter, 'region')).toEqual({ kind: 'one', value: 'EU' })
    expect(controlValue(filter, 'minGpus')).toEqual({ kind: 'one', value: 2 })
    expect(controlValue(filter, 'maxGpuPrice')).toEqual({ kind: 'one', value: 2.5 })
    expect(controlValue(filter, 'minReliability')).toEqual({ kind: 'one', value: 0.95 })
  })

  it('says when the text holds more than one value can show', () => {
    expect(controlValue(filterOf('gpu=H100,A100'), 'gpu')).toEqual({ kind: 'several', text: 'gpu=H100,A100' })
    expect(controlValue(filterOf('gpus>=2  count>=4'), 'minGpus')).toEqual({
      kind: 'several',
      text: 'gpus>=2 count>=4',
    })
    // Other operators on the same field are not the control's: gpus>2 is not "min GPUs".
    expect(controlValue(filterOf('gpus>2 gpu!=H100'), 'minGpus')).toEqual({ kind: 'none' })
    expect(controlValue(filterOf('gpu!=H100'), 'gpu')).toEqual({ kind: 'none' })
  })

  it('editing a control rewrites only its clauses, in place', () => {
    const filter = filterOf('gpu=H100 price<3 h100 gpus>=2')
    expect(withControl(filter, 'gpu', 'A100-SXM-80GB')).toBe('gpu=A100-SXM-80GB price<3 gpus>=2 h100')
    expect(withControl(filter, 'minGpus', 4)).toBe('gpu=H100 price<3 gpus>=4 h100')
    expect(withControl(filter, 'minGpus', undefined)).toBe('gpu=H100 price<3 h100')
    expect(withControl(filter, 'region', 'US East')).toBe('gpu=H100 price<3 gpus>=2 region="US East" h100')
    expect(withControl(filter, 'minReliability', 0.9)).toBe('gpu=H100 price<3 gpus>=2 reliability>=0.9 h100')
    expect(withControl(filterOf('gpu=H100,A100 gpu=L4'), 'gpu', undefined)).toBe('')
  })

  it('what a control writes reads back as that control', () => {
    const text = withControl(filterOf(''), 'maxGpuPrice', 1.25)
    expect(controlValue(filterOf(text), 'maxGpuPrice')).toEqual({ kind: 'one', value: 1.25 })
  })
})

describe('readNumber', () => {
  it('reads what people type into the number inputs, and nothing else', () => {
    expect(readNumber('2')).toBe(2)
    expect(readNumber(' 0.5 ')).toBe(0.5)
    expect(readNumber('$1.25')).toBe(1.25)
    expect(readNumber('0.')).toBe(0)
    expect(readNumber('.5')).toBe(0.5)
    expect(readNumber('')).toBeUndefined()
    expect(readNumber('-1')).toBeUndefined()
    expect(readNumber('1e3')).toBeUndefined()
    expect(readNumber('abc')).toBeUndefined()
    expect(readNumber('2.5', { integer: true })).toBeUndefined()
    expect(readNumber('0', { min: 1 })).toBeUndefined()
    expect(readNumber('101', { max: 100 })).toBeUndefined()
  })
})
