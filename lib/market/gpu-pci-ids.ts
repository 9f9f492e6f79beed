import type { GpuResolution } from './gpu-catalog'
import { getGpuModel } from './gpu-catalog'

/**
 * PCI vendor:device id → canonical model id, for hosts that identify GPUs by PCI id (lspci,
 * Kubernetes device plugins). Taken from Akash's provider-configs device list (see
 * fixtures/README.md); the test checks every entry against that list's memory and interface.
 * Several ids may share a model (board revisions, LHR variants).
 */
const PCI_DEVICE_MODELS: Readonly<Record<string, string>> = {
  '1002:66a1': 'MI60-PCIE-32GB',
  '1002:738c': 'MI100-PCIE-32GB',
  '10de:13c0': 'GTX-980-PCIE-4GB',
  '10de:13c2': 'GTX-970-PCIE-4GB',
  '10de:13f1': 'QUADRO-M4000-PCIE-8GB',
  '10de:1401': 'GTX-960-PCIE-2GB',
  '10de:1406': 'GTX-960-PCIE-4GB',
  '10de:147f': 'A100-SXM-80GB',
  '10de:15f8': 'P100-PCIE-16GB',
  '10de:17c8': 'GTX-980-TI-PCIE-6GB',
  '10de:1b06': 'GTX-1080-TI-PCIE-11GB',
  '10de:1b30': 'QUADRO-P6000-PCIE-24GB',
  '10de:1b38': 'P40-PCIE-24GB',
  '10de:1b80': 'GTX-1080-PCIE-8GB',
  '10de:1b81': 'GTX-1070-PCIE-8GB',
  '10de:1b82': 'GTX-1070-TI-PCIE-8GB',
  '10de:1bb0': 'QUADRO-P5000-PCIE-16GB',
  '10de:1bb1': 'QUADRO-P4000-PCIE-8GB',
  '10de:1bb3': 'P4-PCIE-8GB',
  '10de:1c02': 'GTX-1060-PCIE-3GB',
  '10de:1c03': 'GTX-1060-PCIE-6GB',
  '10de:1c04': 'GTX-1060-PCIE-5GB',
  '10de:1c06': 'GTX-1060-PCIE-6GB',
  '10de:1c30': 'QUADRO-P2000-PCIE-5GB',
  '10de:1c81': 'GTX-1050-PCIE-2GB',
  '10de:1c82': 'GTX-1050-TI-PCIE-4GB',
  '10de:1c83': 'GTX-1050-PCIE-3GB',
  '10de:1cba': 'QUADRO-P2000-PCIE-4GB',
  '10de:1d01': 'GT-1030-PCIE-2GB',
  '10de:1d10': 'MX150-PCIE-2GB',
  '10de:1db1': 'V100-SXM-16GB',
  '10de:1db5': 'V100-SXM-32GB',
  '10de:1db8': 'V100-SXM-32GB',
  '10de:1df0': 'V100-PCIE-32GB',
  '10de:1e04': 'RTX-2080-TI-PCIE-11GB',
  '10de:1e07': 'RTX-2080-TI-PCIE-11GB',
  '10de:1e30': 'QUADRO-RTX-6000-PCIE-24GB',
  '10de:1e78': 'QUADRO-RTX-8000-PCIE-48GB',
  '10de:1e81': 'RTX-2080-SUPER-PCIE-8GB',
  '10de:1e84': 'RTX-2070-SUPER-PCIE-8GB',
  '10de:1e87': 'RTX-2080-PCIE-8GB',
  '10de:1e89': 'RTX-2060-PCIE-6GB',
  '10de:1eb1': 'QUADRO-RTX-4000-PCIE-8GB',
  '10de:1eb5': 'QUADRO-RTX-5000-PCIE-16GB',
  '10de:1eb8': 'T4-PCIE-16GB',
  '10de:1f02': 'RTX-2070-PCIE-8GB',
  '10de:1f06': 'RTX-2060-SUPER-PCIE-8GB',
  '10de:1f95': 'GTX-1650-TI-PCIE-4GB',
  '10de:20b0': 'A100-SXM-40GB',
  '10de:20b1': 'A100-PCIE-40GB',
  '10de:20b2': 'A100-SXM-80GB',
  '10de:20b3': 'A100-SXM-64GB',
  '10de:20b5': 'A100-PCIE-80GB',
  '10de:20f1': 'A100-PCIE-40GB',
  '10de:20f3': 'A800-SXM-80GB',
  '10de:2182': 'GTX-1660-TI-PCIE-6GB',
  '10de:2184': 'GTX-1660-PCIE-6GB',
  '10de:2187': 'GTX-1650-SUPER-PCIE-4GB',
  '10de:2203': 'RTX-3090-TI-PCIE-24GB',
  '10de:2204': 'RTX-3090-PCIE-24GB',
  '10de:2216': 'RTX-3080-PCIE-10GB',
  '10de:2230': 'RTX-A6000-PCIE-48GB',
  '10de:2231': 'RTX-A5000-PCIE-24GB',
  '10de:2235': 'A40-PCIE-48GB',
  '10de:2330': 'H100-SXM-80GB',
  '10de:2331': 'H100-PCIE-80GB',
  '10de:2335': 'H200-SXM-141GB',
  '10de:233b': 'H200-NVL-141GB',
  '10de:2484': 'RTX-3070-PCIE-8GB',
  '10de:2486': 'RTX-3060-TI-PCIE-8GB',
  '10de:2487': 'RTX-3060-PCIE-12GB',
  '10de:2488': 'RTX-3070-PCIE-8GB',
  '10de:2489': 'RTX-3060-TI-PCIE-8GB',
  '10de:2503': 'RTX-3060-PCIE-12GB',
  '10de:2504': 'RTX-3060-PCIE-12GB',
  '10de:2520': 'RTX-3060-LAPTOP-PCIE-6GB',
  '10de:2531': 'RTX-A2000-PCIE-6GB',
  '10de:2560': 'RTX-3060-LAPTOP-PCIE-6GB',
  '10de:2684': 'RTX-4090-PCIE-24GB',
  '10de:2702': 'RTX-4080-SUPER-PCIE-16GB',
  '10de:2704': 'RTX-4080-PCIE-16GB',
  '10de:2782': 'RTX-4070-TI-PCIE-12GB',
  '10de:2783': 'RTX-4070-SUPER-PCIE-12GB',
  '10de:2786': 'RTX-4070-PCIE-12GB',
  '10de:27b0': 'RTX-4000-SFF-ADA-PCIE-20GB',
  '10de:27b2': 'RTX-4000-ADA-PCIE-20GB',
  '10de:2803': 'RTX-4060-TI-PCIE-16GB',
  '10de:2805': 'RTX-4060-TI-PCIE-16GB',
  '10de:2882': 'RTX-4060-PCIE-8GB',
  '10de:28b0': 'RTX-2000-ADA-PCIE-16GB',
  '10de:2b85': 'RTX-5090-PCIE-32GB',
  '10de:2bb1': 'RTX-PRO-6000-WORKSTATION-PCIE-96GB',
  '10de:2bb4': 'RTX-PRO-6000-MAX-Q-PCIE-96GB',
  '10de:2bb5': 'RTX-PRO-6000-SERVER-PCIE-96GB',
  '10de:2c02': 'RTX-5080-PCIE-16GB',
  '10de:2c58': 'RTX-5090-LAPTOP-PCIE-24GB',
  '10de:2f04': 'RTX-5070-PCIE-12GB',
  '10de:f297': 'RTX-4090-PCIE-24GB',
}

const hex4 = (id: string): string => id.trim().toLowerCase().replace(/^0x/, '').padStart(4, '0')

/**
 * Resolves a PCI vendor and device id (hex, any case, with or without `0x`) to a model. Unknown
 * ids are flagged and kept as reported, as `vendor:device` in lowercase hex.
 */
export function resolveGpuByPciId(vendorId: string, deviceId: string): GpuResolution {
  const reported = `${hex4(vendorId)}:${hex4(deviceId)}`
  const id = PCI_DEVICE_MODELS[reported]
  const model = id === undefined ? undefined : getGpuModel(id)
  return model ? { known: true, model, reported, memoryAssumed: false } : { known: false, reported }
}

/** Every PCI id the table knows, as `vendor:device` (for tests and diagnostics). */
export function knownGpuPciIds(): string[] {
  return Object.keys(PCI_DEVICE_MODELS)
}
