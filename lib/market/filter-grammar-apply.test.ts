import { describe, expect, it } from 'vitest'
import { parseFilter } from './filter-grammar'
import {
  applyFilter,
  type FilterableOffer,
  matchesGpu,
  matchesProvider,
  matchesRegion,
} from './filter-grammar-apply'
import { GPU_MODELS } from './gpu-catalog'

const H100_SXM = { modelId: 'H100-SXM-80GB', name: 'H100 SXM 80GB', family: 'H100' }
const H100_PCIE = { modelId: 'H100-PCIE-80GB', name: 'H100 PCIe 80GB', family: 'H100' }
const H100_NVL = { modelId: 'H100-NVL-94GB', name: 'H100 NVL 94GB', family: 'H100' }
const A100X = { modelId: 'A100X-PCIE-80GB', name: 'A100X', family: 'A100X' }
const RTX_4090_D = { modelId: 'RTX-4090-D-PCIE-24GB', name: 'RTX 4090 D', family: 'RTX 4090 D' }
const UNKNOWN = { modelId: 'Acme Tensor 9', name: 'Acme Tensor 9', family: 'Acme Tensor 9' }
const GPUS = [H100_SXM, H100_PCIE, H100_NVL, A100X, RTX_4090_D, UNKNOWN]

function offer(overrides: Partial<FilterableOffer> = {}): FilterableOffer {
  return {
    modelId: H100_SXM.modelId,
    modelName: H100_SXM.name,
    family: H100_SXM.family,
    gpuCount: 8,
    pricePerHourUsd: 20,
    pricePerGpuHourUsd: 2.5,
    vramMiB: 81920,
    cpus: 128,
    memoryMiB: 1024 * 1024,
    diskMiB: 4000 * 1024,
    region: 'EU-Central-1',
    reliability: 0.97,
    maxDurationSeconds: 48 * 3600,
    provider: '0xAbCdef0000000000000000000000000000000001',
    stakeUsd: 5000,
    access: ['terminal', 'ports', 'files'],
    isolation: 'container',
    ...overrides,
  }
}

function passes(search: string, o: FilterableOffer): boolean {
  const result = parseFilter(search)
  if (!result.ok) throw new Error(result.error.message)
  return applyFilter(result.filter, o)
}

describe('matchesGpu', () => {
  it.each([
    ['H100', [true, true, true, false, false, false]],
    ['h100', [true, true, true, false, false, false]],
    ['NVIDIA H100', [true, true, true, false, false, false]],
    ['H100-SXM', [true, false, false, false, false, false]],
    ['H100 SXM', [true, false, false, false, false, false]],
    ['h100_sxm5', [true, false, false, false, false, false]],
    ['H100-SXM-80GB', [true, false, false, false, false, false]],
    ['H100 PCIe', [false, true, false, false, false, false]],
    ['H100 80GB', [true, true, false, false, false, false]],
    ['94GB', [false, false, true, false, false, false]],
    ['SXM', [true, false, false, false, false, false]],
    ['A100', [false, false, false, false, false, false]],
    ['A100X', [false, false, false, true, false, false]],
    ['RTX 4090', [false, false, false, false, false, false]],
    ['rtx-4090-d', [false, false, false, false, true, false]],
    ['acme tensor 9', [false, false, false, false, false, true]],
    ['H200', [false, false, false, false, false, false]],
    ['nvidia', [false, false, false, false, false, false]],
  ])('%s matches by product, not by spelling', (value, expected) => {
    expect(GPUS.map((gpu) => matchesGpu(value, gpu))).toEqual(expected)
  })

  it('matches every catalog model by its id, its name and its family, in any case', () => {
    for (const model of GPU_MODELS) {
      const gpu = { modelId: model.id, name: model.name, family: model.family }
      for (const value of [
        model.id,
        model.name,
        model.family,
        model.id.toLowerCase(),
        model.name.toUpperCase(),
      ])
        expect(matchesGpu(value, gpu), `${value} on ${model.id}`).toBe(true)
    }
  })

  it('never matches a model of another family by its family name', () => {
    for (const model of GPU_MODELS) {
      const gpu = { modelId: model.id, name: model.name, family: model.family }
      for (const other of GPU_MODELS)
        if (other.family !== model.family)
          expect(matchesGpu(other.family, gpu), `${other.family} on ${model.id}`).toBe(false)
    }
  })
})

describe('matchesRegion and matchesProvider', () => {
  it.each([
    ['EU', 'EU-Central', true],
    ['eu', 'EU-Central', true],
    ['EU-Central', 'eu-central-1', true],
    ['US East', 'US-East-2', true],
    ['us_east', 'US-East-2', true],
    ['EU-West', 'EU-Central', false],
    ['Central', 'EU-Central', false],
  ])('region %s on %s: %s', (value, region, expected) => {
    expect(matchesRegion(value, region)).toBe(expected)
  })

  it('matches providers by case-insensitive address prefix', () => {
    const address = '0xAbCdef0000000000000000000000000000000001'
    expect(matchesProvider('0xabcd', address)).toBe(true)
    expect(matchesProvider(address.toLowerCase(), address)).toBe(true)
    expect(matchesProvider('0xabce', address)).toBe(false)
  })
})

describe('applyFilter', () => {
  it('keeps the example offer under the example search and drops it when one clause fails', () => {
    const search = 'gpu=H100 gpus>=2 price<30 vram>=80 region=EU reliability>0.95 duration>=2d stake>=5000'
    expect(passes(search, offer())).toBe(true)
    expect(passes(search, offer({ gpuCount: 1 }))).toBe(false)
    expect(passes(search, offer({ pricePerHourUsd: 30 }))).toBe(false)
    expect(passes(search, offer({ vramMiB: 48 * 1024 }))).toBe(false)
    expect(passes(search, offer({ region: 'US-East' }))).toBe(false)
    expect(passes(search, offer({ reliability: 0.95 }))).toBe(false)
    expect(passes(search, offer({ maxDurationSeconds: 47 * 3600 }))).toBe(false)
    expect(passes(search, offer({ stakeUsd: 4999.99 }))).toBe(false)
    expect(passes(search, offer({ ...H100_PCIE, modelName: H100_PCIE.name }))).toBe(true)
    expect(
      passes(search, offer({ modelId: 'A100-SXM-80GB', modelName: 'A100 SXM 80GB', family: 'A100' })),
    ).toBe(false)
  })

  it('compares the CPU cores, memory and disk sold, memory and disk typed in GiB', () => {
    const search = 'cpus>=16 ram>=128 disk>=500'
    const small = { cpus: 16, memoryMiB: 128 * 1024, diskMiB: 500 * 1024 }
    expect(passes(search, offer(small))).toBe(true)
    expect(passes(search, offer({ ...small, cpus: 15 }))).toBe(false)
    expect(passes(search, offer({ ...small, memoryMiB: 128 * 1024 - 1 }))).toBe(false)
    expect(passes(search, offer({ ...small, diskMiB: 499 * 1024 }))).toBe(false)
    expect(passes('cpus<=16 ram<=128 disk<=500', offer(small))).toBe(true)
    expect(passes('cpus<=16', offer())).toBe(false)
    expect(passes('cpus=8,16 ram=128 disk!=500', offer(small))).toBe(false)
    expect(passes('cpus=8,16 ram=128 disk!=1TB', offer(small))).toBe(true)
  })

  it('reads a list after `=` as either and after `!=` as neither', () => {
    const a100 = offer({ modelId: 'A100-SXM-80GB', modelName: 'A100 SXM 80GB', family: 'A100' })
    expect(passes('gpu=H100,A100', a100)).toBe(true)
    expect(passes('gpu!=H100,A100', a100)).toBe(false)
    expect(passes('gpu!=H100,L40S', a100)).toBe(true)
    expect(passes('gpus=1,2,8', offer())).toBe(true)
    expect(passes('gpus!=1,2,8', offer())).toBe(false)
    expect(passes('region!=US,AP', offer())).toBe(true)
  })

  it('compares per-GPU price, reliability percentages and durations in minutes exactly', () => {
    expect(passes('pergpu<=2.5', offer())).toBe(true)
    expect(passes('gpuprice<2.5', offer())).toBe(false)
    expect(passes('reliability>=97%', offer())).toBe(true)
    expect(passes('duration>=90m', offer({ maxDurationSeconds: 5400 }))).toBe(true)
    expect(passes('duration>90m', offer({ maxDurationSeconds: 5400 }))).toBe(false)
    expect(passes('hours=1m', offer({ maxDurationSeconds: 60 }))).toBe(true)
  })

  it('requires every free-text word in the model id, name or family, in any case', () => {
    expect(passes('h100 sxm', offer())).toBe(true)
    expect(passes('"h100 sxm" 80gb', offer())).toBe(true)
    expect(passes('h100 pcie', offer())).toBe(false)
    expect(
      passes('4090', offer({ modelId: 'RTX-4090-PCIE-24GB', modelName: 'RTX 4090', family: 'RTX 4090' })),
    ).toBe(true)
  })

  it('keeps offers that give every way in listed, and any of the runners listed', () => {
    const web = offer()
    const withSsh = offer({ access: ['ssh', 'terminal', 'ports', 'files'], isolation: 'sandbox' })
    expect(passes('access=ports,terminal', web)).toBe(true)
    expect(passes('access=ssh,ports', web)).toBe(false)
    expect(passes('access=ssh,ports', withSsh)).toBe(true)
    expect(passes('access!=ssh', web)).toBe(true)
    expect(passes('access!=ssh,ports', withSsh)).toBe(false)
    expect(passes('access=files', offer({ access: [] }))).toBe(false)
    expect(passes('isolation=sandbox,container', web)).toBe(true)
    expect(passes('isolation=sandbox', web)).toBe(false)
    expect(passes('isolation!=process', withSsh)).toBe(true)
    expect(passes('isolation!=process', offer({ isolation: 'process' }))).toBe(false)
  })

  it('matches providers by prefix', () => {
    expect(passes('provider=0xABCDEF', offer())).toBe(true)
    expect(passes('provider=0xabcd,0x99', offer({ provider: '0x99ff' }))).toBe(true)
    expect(passes('provider=0x1', offer())).toBe(false)
  })
})
