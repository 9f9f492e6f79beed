import { describe, expect, it } from 'vitest'
import { gpuNameTokens, parseGpuName } from './gpu-name-tokens'

describe('gpuNameTokens', () => {
  it('splits at separators and where letters meet digits', () => {
    expect(gpuNameTokens('NVIDIA A100-SXM4-80GB')).toEqual(['nvidia', 'a', '100', 'sxm', '4', '80', 'gb'])
    expect(gpuNameTokens('rtx4070ti')).toEqual(['rtx', '4070', 'ti'])
    expect(gpuNameTokens('  ')).toEqual([])
  })
})

describe('parseGpuName', () => {
  it('reads memory, form factor and vendor out of nvidia-smi names', () => {
    expect(parseGpuName('NVIDIA A100-SXM4-80GB')).toMatchObject({
      key: 'a100',
      vendor: 'nvidia',
      memoryGiB: 80,
      formFactor: 'SXM',
      contradictory: false,
    })
    expect(parseGpuName('NVIDIA H100 80GB HBM3')).toMatchObject({
      key: 'h100',
      memoryGiB: 80,
      formFactor: undefined,
    })
    expect(parseGpuName('a100 SXM 64Gi')).toMatchObject({ key: 'a100', memoryGiB: 64, formFactor: 'SXM' })
    expect(parseGpuName('AMD Instinct MI300X OAM')).toMatchObject({
      key: 'mi300x',
      vendor: 'amd',
      formFactor: 'OAM',
    })
  })

  it('treats variant suffixes as an unordered set', () => {
    const key = parseGpuName('RTX 4070 Ti SUPER').key
    expect(parseGpuName('RTX 4070S Ti').key).toBe(key)
    expect(parseGpuName('rtx4070tis').key).not.toBe(key) // "tis" is not a word we know
    expect(parseGpuName('RTX 4000 SFF Ada Generation').key).toBe(parseGpuName('RTX 4000 Ada SFF').key)
  })

  it('reads a trailing letter as a suffix only right after the model number', () => {
    expect(parseGpuName('rtx3060m').key).toBe(parseGpuName('RTX 3060 Laptop').key)
    expect(parseGpuName('Quadro M4000').key).toBe('m4000')
    expect(parseGpuName('RTX 2060S').key).toBe(parseGpuName('RTX 2060 SUPER').key)
  })

  it('reads an NVL board on a PCIe bus as NVL, and SXM with PCIe as a contradiction', () => {
    expect(parseGpuName('h200nvl PCIe 141Gi')).toMatchObject({ formFactor: 'NVL', contradictory: false })
    expect(parseGpuName('A100 SXM4 PCIe')).toMatchObject({ formFactor: undefined, contradictory: true })
    expect(parseGpuName('NVIDIA AMD A100')).toMatchObject({ contradictory: true })
  })
})
