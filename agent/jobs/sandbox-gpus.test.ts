import { describe, expect, it } from 'vitest'
import { gpuDeviceNodes, sandboxGpuEnv } from './sandbox-gpus'

const host = new Set([
  '/dev/nvidia0',
  '/dev/nvidia1',
  '/dev/nvidia2',
  '/dev/nvidia3',
  '/dev/nvidia10',
  '/dev/nvidiactl',
  '/dev/nvidia-uvm',
  '/dev/nvidia-modeset',
])
const exists = (path: string) => host.has(path)

describe('sandbox GPU devices', () => {
  it('binds the rented GPUs and the shared control nodes, never another GPU', () => {
    expect(gpuDeviceNodes([3, 1], exists)).toEqual([
      '/dev/nvidia1',
      '/dev/nvidia3',
      '/dev/nvidiactl',
      '/dev/nvidia-uvm',
      '/dev/nvidia-modeset',
    ])
  })

  it('does not take /dev/nvidia10 for GPU 1 nor bind nodes the host lacks', () => {
    expect(gpuDeviceNodes([1], exists)).not.toContain('/dev/nvidia10')
    expect(gpuDeviceNodes([1], exists)).not.toContain('/dev/nvidia-uvm-tools')
    expect(gpuDeviceNodes([10], exists)[0]).toBe('/dev/nvidia10')
  })

  it('binds nothing on a host without NVIDIA devices', () => {
    expect(gpuDeviceNodes([0, 1], () => false)).toEqual([])
  })

  it('renumbers the rented GPUs from 0, since only their nodes are visible inside', () => {
    expect(sandboxGpuEnv([3])).toEqual({
      CUDA_VISIBLE_DEVICES: '0',
      CUDA_DEVICE_ORDER: 'PCI_BUS_ID',
      NVIDIA_VISIBLE_DEVICES: '0',
    })
    expect(sandboxGpuEnv([5, 2, 7]).CUDA_VISIBLE_DEVICES).toBe('0,1,2')
  })
})
