/**
 * The shape of one canonical GPU model, shared by the app (offers, filters) and the agent
 * (inventory). The table itself lives in gpu-families-*.ts; resolution in gpu-catalog.ts.
 */

export type GpuVendor = 'nvidia' | 'amd'

/**
 * How the board attaches to the host, as the sources distinguish it. `NVL` boards are PCIe cards
 * sold in NVLink-bridged pairs with more memory or power than the plain PCIe part, so sources list
 * them apart. Laptop parts are `PCIe` (that is their bus); the laptop-ness is in the model name.
 */
export type GpuFormFactor = 'PCIe' | 'SXM' | 'NVL' | 'OAM'

export type GpuArchitecture =
  | 'Blackwell'
  | 'Hopper'
  | 'Ada Lovelace'
  | 'Ampere'
  | 'Turing'
  | 'Volta'
  | 'Pascal'
  | 'Maxwell'
  | 'CDNA 3'
  | 'CDNA'
  | 'GCN 5'

export interface GpuModel {
  /**
   * Stable canonical id, `<FAMILY>-<FORM>-<MEMORY>GB`, e.g. `H100-SXM-80GB`, `RTX-4090-PCIE-24GB`.
   * Signed offers carry it, so an id never changes once published (a snapshot test guards this).
   */
  readonly id: string
  /** Display name, e.g. `H100 SXM 80GB`, `RTX 4090`: form and memory appear only where the family has several. */
  readonly name: string
  /** The family the model belongs to, e.g. `H100`, `RTX 4090`, `Quadro RTX 6000`. */
  readonly family: string
  readonly vendor: GpuVendor
  readonly architecture: GpuArchitecture
  readonly formFactor: GpuFormFactor
  /** Nominal memory as marketed (GB on the box means GiB); the driver reports a little less. */
  readonly memoryGiB: number
  /** `memoryGiB * 1024`; compare with nvidia-smi's `memory.total`, which is a few hundred MiB lower. */
  readonly memoryMiB: number
}

/** One family as written in the table: the variants are [form factor, memory GiB] pairs. */
export interface GpuFamilySpec {
  readonly family: string
  readonly vendor: GpuVendor
  readonly architecture: GpuArchitecture
  readonly variants: readonly (readonly [GpuFormFactor, number])[]
  /**
   * The form factor a name without one means. Omitted: PCIe when the family has a PCIe variant,
   * else its only form. Set to SXM where nvidia-smi names the SXM part without a form token
   * ("NVIDIA H100 80GB HBM3", "NVIDIA H200").
   */
  readonly defaultForm?: GpuFormFactor
  /** Other spellings of the family, tokenised like any input (for names the tokenizer cannot infer). */
  readonly aka?: readonly string[]
}

/** Shorthand for the common case: an NVIDIA PCIe family in one or more memory sizes. */
export function nvidiaPcie(
  family: string,
  architecture: GpuArchitecture,
  memoryGiB: readonly number[],
  aka?: readonly string[],
): GpuFamilySpec {
  return { family, vendor: 'nvidia', architecture, variants: memoryGiB.map((m) => ['PCIe', m] as const), aka }
}
