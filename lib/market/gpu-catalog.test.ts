import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { GPU_MODELS, GPU_NAME_ALIASES, getGpuModel, resolveGpuModel } from './gpu-catalog'

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')

const runpodRows = fixture('runpod-gpu-types.csv')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [smiName = '', displayName = '', memoryGB = ''] = line.split(',')
    return { smiName, displayName, memoryGiB: Number(memoryGB) }
  })
const vastNames: string[] = JSON.parse(fixture('vast-gpu-names.json')).gpu_names

/** The id a spelling resolves to, or `unknown` (keeps failures readable). */
const idOf = (name: string, memoryMiB?: number): string => {
  const resolved = resolveGpuModel(name, { memoryMiB })
  return resolved.known ? resolved.model.id : 'unknown'
}

describe('reference GPU lists', () => {
  it('reads all 38 RunPod rows and 70 Vast names', () => {
    expect(runpodRows).toHaveLength(38)
    expect(vastNames).toHaveLength(70)
  })

  it.each(runpodRows)(
    'RunPod $smiName resolves with its stated memory',
    ({ smiName, displayName, memoryGiB }) => {
      const resolved = resolveGpuModel(smiName)
      if (!resolved.known) throw new Error(`${smiName} is unknown`)
      expect(resolved.model.memoryGiB).toBe(memoryGiB)
      // The short display name plus the memory column must land on the same model.
      expect(idOf(displayName, memoryGiB * 1024)).toBe(resolved.model.id)
    },
  )

  it.each(vastNames)('Vast %s resolves to a known model', (name) => {
    expect(idOf(name)).not.toBe('unknown')
  })
})

describe('spot checks', () => {
  it.each([
    ['NVIDIA H100 80GB HBM3', 'H100-SXM-80GB', 'H100 SXM 80GB'],
    ['H100 SXM', 'H100-SXM-80GB', 'H100 SXM 80GB'],
    ['NVIDIA H100 PCIe', 'H100-PCIE-80GB', 'H100 PCIe 80GB'],
    ['H100 PCIE', 'H100-PCIE-80GB', 'H100 PCIe 80GB'],
    ['NVIDIA H100 NVL', 'H100-NVL-94GB', 'H100 NVL 94GB'],
    ['NVIDIA H200', 'H200-SXM-141GB', 'H200 SXM'],
    ['NVIDIA H200 NVL', 'H200-NVL-141GB', 'H200 NVL'],
    ['RTX 4090', 'RTX-4090-PCIE-24GB', 'RTX 4090'],
    ['NVIDIA GeForce RTX 4090', 'RTX-4090-PCIE-24GB', 'RTX 4090'],
    ['RTX 4090D', 'RTX-4090-D-PCIE-24GB', 'RTX 4090 D'],
    ['RTX 4070S Ti', 'RTX-4070-TI-SUPER-PCIE-16GB', 'RTX 4070 Ti SUPER'],
    ['Q RTX 8000', 'QUADRO-RTX-8000-PCIE-48GB', 'Quadro RTX 8000'],
    ['Quadro RTX 6000', 'QUADRO-RTX-6000-PCIE-24GB', 'Quadro RTX 6000'],
    ['NVIDIA RTX 6000 Ada Generation', 'RTX-6000-ADA-PCIE-48GB', 'RTX 6000 Ada'],
    ['NVIDIA GeForce RTX 3060 Laptop GPU', 'RTX-3060-LAPTOP-PCIE-6GB', 'RTX 3060 Laptop'],
    ['AMD Instinct™ MI300X OAM', 'MI300X-OAM-192GB', 'MI300X'],
    ['NVIDIA GH200 480GB', 'GH200-SXM-96GB', 'GH200 96GB'],
    ['NVIDIA GH200 144G HBM3e', 'GH200-SXM-144GB', 'GH200 144GB'],
  ])('%s → %s (%s)', (name, id, displayName) => {
    const resolved = resolveGpuModel(name)
    expect(resolved).toMatchObject({
      known: true,
      reported: name,
      memoryAssumed: false,
      model: { id, name: displayName },
    })
  })

  it('keeps A100 40GB and 80GB, PCIe and SXM apart', () => {
    const ids = [
      idOf('NVIDIA A100-PCIE-40GB'),
      idOf('NVIDIA A100 80GB PCIe'),
      idOf('NVIDIA A100-SXM4-40GB'),
      idOf('NVIDIA A100-SXM4-80GB'),
    ]
    expect(ids).toEqual(['A100-PCIE-40GB', 'A100-PCIE-80GB', 'A100-SXM-40GB', 'A100-SXM-80GB'])
  })

  it('resolves a name without memory to the smallest size, flagged, unless the memory is known', () => {
    expect(resolveGpuModel('A100 SXM4')).toMatchObject({
      model: { id: 'A100-SXM-40GB' },
      memoryAssumed: true,
    })
    // nvidia-smi reports 81559 MiB on an 80GB part: the closest size wins.
    expect(resolveGpuModel('A100 SXM4', { memoryMiB: 81559 })).toMatchObject({
      model: { id: 'A100-SXM-80GB' },
      memoryAssumed: false,
    })
    expect(idOf('Tesla V100', 32 * 1024)).toBe('V100-PCIE-32GB')
    // A hint never overrides memory the name states.
    expect(idOf('NVIDIA A100-SXM4-40GB', 81559)).toBe('A100-SXM-40GB')
  })

  it('settles a missing form factor by the memory when only one form has it', () => {
    expect(idOf('H100 94GB')).toBe('H100-NVL-94GB')
  })
})

describe('unknown names', () => {
  it.each([
    ['NVIDIA H900', 'not in the catalog'],
    ['', 'empty'],
    ['A100 SXM4 48GB', 'memory the family does not come in'],
    ['RTX 4090 SXM', 'form factor the family does not come in'],
    ['A100 SXM4 PCIe 40GB', 'two form factors'],
    ['A100 40GB 80GB', 'two memory sizes'],
    ['AMD GeForce RTX 4090', 'wrong vendor'],
    ['Intel Arc A770', 'a vendor we do not list'],
    ['RTX 6000 Blackwell', 'a nonexistent variant'],
  ])('%s is flagged and kept as reported (%s)', (name) => {
    expect(resolveGpuModel(name)).toEqual({ known: false, reported: name })
  })
})

describe('catalog table', () => {
  it('has unique ids and display names in the documented id scheme', () => {
    expect(new Set(GPU_MODELS.map((m) => m.id)).size).toBe(GPU_MODELS.length)
    expect(new Set(GPU_MODELS.map((m) => m.name.toLowerCase())).size).toBe(GPU_MODELS.length)
    for (const model of GPU_MODELS) {
      expect(model.id).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)*-(PCIE|SXM|NVL|OAM)-\d+GB$/)
      expect(model.memoryMiB).toBe(model.memoryGiB * 1024)
      expect(getGpuModel(model.id)).toBe(model)
    }
  })

  it('never drops or renames a published id (signed offers carry them)', () => {
    const published = fixture('published-gpu-model-ids.txt').trim().split('\n')
    expect(published.filter((id) => getGpuModel(id) === undefined)).toEqual([])
    // A new model is published by appending its id to the file, never by editing a line.
    expect(GPU_MODELS.map((m) => m.id).filter((id) => !published.includes(id))).toEqual([])
  })

  it('looks models up by exact id only', () => {
    expect(getGpuModel('H100-SXM-80GB')?.name).toBe('H100 SXM 80GB')
    expect(getGpuModel('h100-sxm-80gb')).toBeUndefined()
    expect(getGpuModel('H100 SXM')).toBeUndefined()
  })

  it('keeps the whole-name alias table small: the tokenizer does the work', () => {
    expect(Object.keys(GPU_NAME_ALIASES).length).toBeLessThanOrEqual(5)
    for (const id of Object.values(GPU_NAME_ALIASES)) expect(getGpuModel(id)).toBeDefined()
  })
})
