import { CONSUMER_FAMILIES } from './gpu-families-consumer'
import { DATACENTER_FAMILIES } from './gpu-families-datacenter'
import { WORKSTATION_FAMILIES } from './gpu-families-workstation'
import type { GpuFamilySpec, GpuFormFactor, GpuModel } from './gpu-model'
import { gpuNameTokens, parseGpuName } from './gpu-name-tokens'

/**
 * The canonical GPU catalog: one table of models and the resolver that maps any spelling of a
 * GPU (nvidia-smi, marketplaces, PCI ids, our own ids and display names) to one of them.
 *
 * Rules a caller must know:
 * - A name is matched by product key (see gpu-name-tokens.ts); memory and form factor the name
 *   states must exist in the family, or the name is unknown. Nothing is guessed from a near miss.
 * - A name without a form factor means the family's default form (PCIe, or SXM for H100/H200,
 *   which nvidia-smi prints without one).
 * - A name without memory, in a family with several sizes for that form ("A100 SXM4"), resolves
 *   to the size closest to `memoryMiB` when the caller knows it (nvidia-smi's memory.total, an
 *   offer's VRAM), else to the smallest size, flagged `memoryAssumed`: never promise more memory
 *   than the name does.
 */

export type GpuResolution =
  | {
      readonly known: true
      readonly model: GpuModel
      readonly reported: string
      readonly memoryAssumed: boolean
    }
  | { readonly known: false; readonly reported: string }

interface FamilyEntry {
  readonly spec: GpuFamilySpec
  readonly defaultForm: GpuFormFactor
  readonly models: readonly GpuModel[]
}

const FAMILY_SPECS: readonly GpuFamilySpec[] = [
  ...DATACENTER_FAMILIES,
  ...WORKSTATION_FAMILIES,
  ...CONSUMER_FAMILIES,
]

/**
 * Whole names no tokenizer rule can read, keyed by their tokens. Keep this short: a name belongs
 * here only when its words mislead (here a memory figure that is not the GPU's memory).
 */
export const GPU_NAME_ALIASES: Readonly<Record<string, string>> = {
  // GH200 96GB systems print the superchip's 480 GB of CPU memory in the GPU name.
  'NVIDIA GH200 480GB': 'GH200-SXM-96GB',
}

function buildFamily(spec: GpuFamilySpec): FamilyEntry {
  const forms = new Set(spec.variants.map(([form]) => form))
  const sizes = new Set(spec.variants.map(([, memory]) => memory))
  const models = spec.variants.map(([formFactor, memoryGiB]): GpuModel => {
    const slug = spec.family.toUpperCase().replace(/[^A-Z0-9]+/g, '-')
    const name = [spec.family, forms.size > 1 ? formFactor : '', sizes.size > 1 ? `${memoryGiB}GB` : '']
    return {
      id: `${slug}-${formFactor.toUpperCase()}-${memoryGiB}GB`,
      name: name.filter((part) => part !== '').join(' '),
      family: spec.family,
      vendor: spec.vendor,
      architecture: spec.architecture,
      formFactor,
      memoryGiB,
      memoryMiB: memoryGiB * 1024,
    }
  })
  const defaultForm = spec.defaultForm ?? (forms.has('PCIe') ? 'PCIe' : (spec.variants[0]?.[0] ?? 'PCIe'))
  return { spec, defaultForm, models }
}

const FAMILIES = FAMILY_SPECS.map(buildFamily)

/** Every canonical model, in table order (data-centre, workstation, consumer; newest first). */
export const GPU_MODELS: readonly GpuModel[] = FAMILIES.flatMap((family) => family.models)

const MODELS_BY_ID = new Map(GPU_MODELS.map((model) => [model.id, model]))
const FAMILIES_BY_KEY = new Map<string, FamilyEntry>()
for (const family of FAMILIES) {
  for (const spelling of [family.spec.family, ...(family.spec.aka ?? [])]) {
    const { key } = parseGpuName(spelling)
    const clash = FAMILIES_BY_KEY.get(key)
    // A clash would make one family unreachable; fail at import so no test can miss it.
    if (clash && clash !== family)
      throw new Error(`GPU families ${clash.spec.family} and ${spelling} share key ${key}`)
    FAMILIES_BY_KEY.set(key, family)
  }
}
const ALIASES_BY_TOKENS = new Map(
  Object.entries(GPU_NAME_ALIASES).map(([name, id]) => [gpuNameTokens(name).join(' '), id]),
)

/** Looks a model up by its canonical id (exact, as stored in offers). */
export function getGpuModel(id: string): GpuModel | undefined {
  return MODELS_BY_ID.get(id)
}

/**
 * Resolves any spelling of a GPU to its canonical model, or flags it unknown and keeps the name as
 * reported. `memoryMiB` is the memory the device or offer reports; it only chooses between sizes
 * when the name does not state one.
 */
export function resolveGpuModel(name: string, options: { memoryMiB?: number } = {}): GpuResolution {
  const unknown = { known: false, reported: name } as const
  const parsed = parseGpuName(name)
  const aliased = ALIASES_BY_TOKENS.get(parsed.tokens.join(' '))
  const aliasModel = aliased === undefined ? undefined : MODELS_BY_ID.get(aliased)
  if (aliasModel) return { known: true, model: aliasModel, reported: name, memoryAssumed: false }

  const family = FAMILIES_BY_KEY.get(parsed.key)
  if (!family || parsed.contradictory) return unknown
  if (parsed.vendor !== undefined && parsed.vendor !== family.spec.vendor) return unknown

  const inForm = family.models.filter((m) => m.formFactor === (parsed.formFactor ?? family.defaultForm))
  if (parsed.memoryGiB !== undefined) {
    let sized = inForm.filter((m) => m.memoryGiB === parsed.memoryGiB)
    // "H100 94GB" names no form, but only one H100 has 94 GB: the memory settles it.
    if (sized.length === 0 && parsed.formFactor === undefined) {
      sized = family.models.filter((m) => m.memoryGiB === parsed.memoryGiB)
    }
    const [model] = sized
    return model && sized.length === 1
      ? { known: true, model, reported: name, memoryAssumed: false }
      : unknown
  }

  const bySize = [...inForm].sort((a, b) => a.memoryGiB - b.memoryGiB)
  const [smallest] = bySize
  if (!smallest) return unknown
  if (bySize.length === 1) return { known: true, model: smallest, reported: name, memoryAssumed: false }
  if (options.memoryMiB === undefined)
    return { known: true, model: smallest, reported: name, memoryAssumed: true }
  const hintGiB = options.memoryMiB / 1024
  // Strict `<` keeps the smaller size on a tie, in line with the smallest-size rule.
  const closest = bySize.reduce((best, m) =>
    Math.abs(m.memoryGiB - hintGiB) < Math.abs(best.memoryGiB - hintGiB) ? m : best,
  )
  return { known: true, model: closest, reported: name, memoryAssumed: false }
}
