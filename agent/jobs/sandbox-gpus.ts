/**
 * The GPU device nodes a sandbox gets: the rented GPUs' `/dev/nvidia<i>` and the driver's shared
 * control nodes, nothing of the other GPUs. Inside, CUDA numbers the devices it can open from 0,
 * so the job is told `0..n-1` in PCI order, whatever the host's indices.
 */
export const NVIDIA_SHARED_NODES = [
  '/dev/nvidiactl',
  '/dev/nvidia-uvm',
  '/dev/nvidia-uvm-tools',
  '/dev/nvidia-modeset',
] as const

/** The device nodes to bind, in a stable order; only those that exist on this host. */
export function gpuDeviceNodes(gpuIndices: readonly number[], exists: (path: string) => boolean): string[] {
  const own = [...gpuIndices].sort((a, b) => a - b).map((i) => `/dev/nvidia${i}`)
  return [...own, ...NVIDIA_SHARED_NODES].filter(exists)
}

/** CUDA's view inside the sandbox: as many devices as were rented, numbered from 0 by PCI bus. */
export function sandboxGpuEnv(gpuIndices: readonly number[]): Record<string, string> {
  const visible = gpuIndices.map((_, i) => String(i)).join(',')
  return { CUDA_VISIBLE_DEVICES: visible, CUDA_DEVICE_ORDER: 'PCI_BUS_ID', NVIDIA_VISIBLE_DEVICES: visible }
}
