import { statfsSync } from 'node:fs'
import { cpus, freemem, totalmem } from 'node:os'
import type { MachineShare } from '@/lib/chain/offer-resources'

/** The host besides its GPUs: what the agent can sell with them. */
export type HostInventory = {
  cpuModel: string
  /** Logical CPUs. */
  cpus: number
  memoryMiB: number
  memoryFreeMiB: number
  /** Free space on the file system of the agent's data folder, where workspaces live. */
  diskFreeMiB: number
  /** The host's network bandwidth as configured, Mbit/s; 0 when unknown. */
  networkMbps: number
}

const MiB = 1024 * 1024

/** Reads CPU, memory and the workspace disk's free space of this host. */
export function detectHost(options: { dataDir: string; networkMbps?: number }): HostInventory {
  const cores = cpus()
  const fs = statfsSync(options.dataDir)
  return {
    cpuModel: cores[0]?.model.trim() || 'unknown CPU',
    cpus: cores.length,
    memoryMiB: Math.floor(totalmem() / MiB),
    memoryFreeMiB: Math.floor(freemem() / MiB),
    diskFreeMiB: Math.floor((fs.bavail * fs.bsize) / MiB),
    networkMbps: options.networkMbps ?? 0,
  }
}

/** What the provider's config may say instead of what is detected (each figure optional). */
export type SellableOverride = Partial<{
  cpus: number
  memoryMiB: number
  diskMiB: number
  networkMbps: number
}>

/**
 * What the whole host sells besides its GPUs: detected figures less what the host keeps for
 * itself (a core on hosts of 4 or more, a tenth of memory with at least 2 GiB, a tenth of the
 * disk), unless the provider's config names a figure. Offers get GPU-proportional shares of it.
 */
export function sellableResources(host: HostInventory, override: SellableOverride = {}): MachineShare {
  return {
    cpus: override.cpus ?? Math.max(1, host.cpus >= 4 ? host.cpus - 1 : host.cpus),
    memoryMiB:
      override.memoryMiB ?? Math.max(256, host.memoryMiB - Math.max(2048, Math.floor(host.memoryMiB / 10))),
    diskMiB: override.diskMiB ?? Math.max(1024, Math.floor(host.diskFreeMiB * 0.9)),
    networkMbps: override.networkMbps ?? host.networkMbps,
  }
}
