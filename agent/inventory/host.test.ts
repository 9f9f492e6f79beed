import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { detectHost, type HostInventory, sellableResources } from './host'

const host = (over: Partial<HostInventory> = {}): HostInventory => ({
  cpuModel: 'AMD EPYC 9654',
  cpus: 64,
  memoryMiB: 512 * 1024,
  memoryFreeMiB: 500 * 1024,
  diskFreeMiB: 2_000_000,
  networkMbps: 0,
  ...over,
})

describe('host inventory', () => {
  it('reads this machine: cores, memory and the free disk of a folder', () => {
    const here = detectHost({ dataDir: tmpdir(), networkMbps: 1000 })
    expect(here.cpus).toBeGreaterThan(0)
    expect(here.memoryMiB).toBeGreaterThan(here.memoryFreeMiB / 2)
    expect(here.diskFreeMiB).toBeGreaterThan(0)
    expect(here.networkMbps).toBe(1000)
  })

  it('keeps a core, a tenth of memory (2 GiB at least) and a tenth of the disk for the host', () => {
    expect(sellableResources(host())).toEqual({
      cpus: 63,
      memoryMiB: 512 * 1024 - Math.floor((512 * 1024) / 10),
      diskMiB: 1_800_000,
      networkMbps: 0,
    })
    const small = sellableResources(host({ cpus: 2, memoryMiB: 8192 }))
    expect(small.cpus).toBe(2)
    expect(small.memoryMiB).toBe(8192 - 2048)
  })

  it("takes the provider's figures over the detected ones", () => {
    const sold = sellableResources(host(), { cpus: 32, networkMbps: 10_000 })
    expect(sold.cpus).toBe(32)
    expect(sold.networkMbps).toBe(10_000)
    expect(sold.diskMiB).toBe(1_800_000)
  })
})
