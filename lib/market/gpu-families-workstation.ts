import type { GpuFamilySpec } from './gpu-model'
import { nvidiaPcie } from './gpu-model'

/**
 * Professional cards (RTX PRO, RTX Ada, RTX A, Quadro). "Quadro" is dropped by the tokenizer,
 * so "Quadro RTX 6000", "Q RTX 6000" and Akash's "rtx6000" are one model; the Ada and Blackwell
 * cards that reuse the number are told apart by their "Ada" / "PRO" tokens.
 */
export const WORKSTATION_FAMILIES: readonly GpuFamilySpec[] = [
  // Three RTX PRO 6000 Blackwell editions share the chip and memory but not the power or cooling.
  nvidiaPcie(
    'RTX PRO 6000 Workstation',
    'Blackwell',
    [96],
    ['RTX PRO 6000 Blackwell Workstation Edition', 'pro6000we'],
  ),
  nvidiaPcie(
    'RTX PRO 6000 Max-Q',
    'Blackwell',
    [96],
    ['RTX PRO 6000 Blackwell Max-Q Workstation Edition', 'pro6000mq'],
  ),
  nvidiaPcie(
    'RTX PRO 6000 Server',
    'Blackwell',
    [96],
    ['RTX PRO 6000 Blackwell Server Edition', 'pro6000se'],
  ),
  nvidiaPcie('RTX 6000 Ada', 'Ada Lovelace', [48]),
  nvidiaPcie('RTX 5000 Ada', 'Ada Lovelace', [32]),
  nvidiaPcie('RTX 4000 Ada', 'Ada Lovelace', [20]),
  // Akash glues "SFF" into "sada".
  nvidiaPcie('RTX 4000 SFF Ada', 'Ada Lovelace', [20], ['rtx4000sada']),
  // PCI 10de:28b0 is shared by the RTX 2000 Ada and its single-slot 2000E twin.
  nvidiaPcie('RTX 2000 Ada', 'Ada Lovelace', [16], ['RTX 2000E Ada', 'rtx2000eada']),
  nvidiaPcie('RTX A6000', 'Ampere', [48]),
  // Akash calls it "a5000", dropping the RTX that every other source prints.
  nvidiaPcie('RTX A5000', 'Ampere', [24], ['a5000']),
  nvidiaPcie('RTX A4500', 'Ampere', [20]),
  nvidiaPcie('RTX A4000', 'Ampere', [16]),
  nvidiaPcie('RTX A2000', 'Ampere', [6]),
  nvidiaPcie('Quadro RTX 8000', 'Turing', [48]),
  nvidiaPcie('Quadro RTX 6000', 'Turing', [24]),
  nvidiaPcie('Quadro RTX 5000', 'Turing', [16]),
  nvidiaPcie('Quadro RTX 4000', 'Turing', [8]),
  nvidiaPcie('Quadro P6000', 'Pascal', [24]),
  nvidiaPcie('Quadro P5000', 'Pascal', [16]),
  nvidiaPcie('Quadro P4000', 'Pascal', [8]),
  // 4 GB is the mobile part (PCI 10de:1cba), which nvidia-smi also calls P2000.
  nvidiaPcie('Quadro P2000', 'Pascal', [4, 5]),
  nvidiaPcie('Quadro M4000', 'Maxwell', [8]),
  // Despite the K, a Maxwell (GM107) card.
  nvidiaPcie('Quadro K2200', 'Maxwell', [4]),
]
