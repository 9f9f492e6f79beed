import type { GpuFamilySpec } from './gpu-model'
import { nvidiaPcie } from './gpu-model'

/**
 * Data-centre accelerators. Variants are those the reference sources (RunPod, Vast, Akash PCI ids)
 * evidence; add one when a provider reports it, never rename one (ids are derived from them).
 */
export const DATACENTER_FAMILIES: readonly GpuFamilySpec[] = [
  // RunPod lists the usable 180 GB, not the 192 GB on the datasheet; nvidia-smi agrees.
  { family: 'B200', vendor: 'nvidia', architecture: 'Blackwell', variants: [['SXM', 180]] },
  {
    family: 'H200',
    vendor: 'nvidia',
    architecture: 'Hopper',
    variants: [
      ['SXM', 141],
      ['NVL', 141],
    ],
    defaultForm: 'SXM',
  },
  {
    family: 'GH200',
    vendor: 'nvidia',
    architecture: 'Hopper',
    // A superchip module rather than an SXM board, but marketplaces list it as "GH200 SXM".
    variants: [
      ['SXM', 96],
      ['SXM', 144],
    ],
  },
  {
    family: 'H100',
    vendor: 'nvidia',
    architecture: 'Hopper',
    variants: [
      ['SXM', 80],
      ['PCIe', 80],
      ['NVL', 94],
    ],
    defaultForm: 'SXM',
  },
  {
    family: 'A100',
    vendor: 'nvidia',
    architecture: 'Ampere',
    variants: [
      ['PCIe', 40],
      ['PCIe', 80],
      ['SXM', 40],
      // PCI 10de:20b3, a reduced-memory SXM part Akash lists on its own.
      ['SXM', 64],
      ['SXM', 80],
    ],
  },
  // The converged accelerator (A100 plus a BlueField-2 DPU on one card): a different product.
  nvidiaPcie('A100X', 'Ampere', [80]),
  {
    family: 'A800',
    vendor: 'nvidia',
    architecture: 'Ampere',
    variants: [
      ['PCIe', 40],
      ['PCIe', 80],
      ['SXM', 80],
    ],
  },
  nvidiaPcie('A40', 'Ampere', [48]),
  nvidiaPcie('A30', 'Ampere', [24]),
  nvidiaPcie('A10', 'Ampere', [24]),
  nvidiaPcie('L40S', 'Ada Lovelace', [48]),
  nvidiaPcie('L40', 'Ada Lovelace', [48]),
  nvidiaPcie('L4', 'Ada Lovelace', [24]),
  {
    family: 'V100',
    vendor: 'nvidia',
    architecture: 'Volta',
    // SXM3 (DGX-2, PCI 10de:1db8) is folded into SXM 32GB: same chip and memory, higher power.
    variants: [
      ['PCIe', 16],
      ['PCIe', 32],
      ['SXM', 16],
      ['SXM', 32],
    ],
  },
  // Full-height half-length 150 W card; RunPod prices it apart from the PCIe V100.
  nvidiaPcie('V100 FHHL', 'Volta', [16]),
  nvidiaPcie('T4', 'Turing', [16]),
  nvidiaPcie('P100', 'Pascal', [16]),
  nvidiaPcie('P40', 'Pascal', [24]),
  nvidiaPcie('P4', 'Pascal', [8]),
  { family: 'MI300X', vendor: 'amd', architecture: 'CDNA 3', variants: [['OAM', 192]] },
  { family: 'MI100', vendor: 'amd', architecture: 'CDNA', variants: [['PCIe', 32]] },
  { family: 'MI60', vendor: 'amd', architecture: 'GCN 5', variants: [['PCIe', 32]] },
]
