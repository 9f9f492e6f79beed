import type { Account, Address } from 'viem'
import { newOfferId } from '@/lib/chain/offer-id'
import {
  type MachineShare,
  type OfferAccess,
  type OfferResources,
  offerResourcesTypedData,
} from '@/lib/chain/offer-resources'
import { type Offer, offerTypedData } from '@/lib/chain/offer-typed-data'
import type { SignedOfferJson } from '@/lib/protocol/signed-offer'
import type { GpuDevice } from '../inventory/gpu-device'
import { type AgentConfig, gpuHourPrice } from './config'
import type { StateStore } from './state-store'

/** GPU counts offered out of `free` identical GPUs: powers of two, and the whole group. */
export function splitSizes(free: number): number[] {
  const sizes = new Set<number>()
  for (let k = 1; k < free; k *= 2) sizes.add(k)
  if (free > 0) sizes.add(free)
  return [...sizes]
}

/**
 * The share of the host's sellable CPU, memory and disk that goes with `count` of its `total` GPUs:
 * proportional, rounded down, never below one core, 256 MiB and 1 GiB (a host with fewer cores
 * than GPUs sells a core to each; the runner's limit is then a cap on a shared core).
 */
export function resourceShare(sellable: MachineShare, count: number, total: number): MachineShare {
  const part = (value: number) => Math.floor((value * count) / Math.max(total, 1))
  return {
    cpus: Math.max(1, part(sellable.cpus)),
    memoryMiB: Math.max(256, part(sellable.memoryMiB)),
    diskMiB: Math.max(1024, part(sellable.diskMiB)),
    networkMbps: sellable.networkMbps,
  }
}

type Group = { key: string; modelId: string | null; devices: GpuDevice[] }

function groupFree(inventory: readonly GpuDevice[], busy: ReadonlySet<number>): Group[] {
  const groups = new Map<string, Group>()
  for (const device of inventory) {
    if (busy.has(device.index)) continue
    const key = device.model?.id ?? device.name
    const group = groups.get(key) ?? { key, modelId: device.model?.id ?? null, devices: [] }
    group.devices.push(device)
    groups.set(key, group)
  }
  return [...groups.values()]
}

/**
 * The agent's signed offers: whole machine and power-of-two splits of each model's free GPUs,
 * re-signed before they expire and whenever the free set changes, so a rented GPU leaves the
 * offers at once.
 */
export class OfferBook {
  private offers: SignedOfferJson[] = []
  private signedFor = ''
  private refreshAt = 0

  constructor(
    private readonly config: AgentConfig,
    private readonly signer: Account,
    private readonly market: Address,
    private readonly store: StateStore,
    private readonly inventory: () => readonly GpuDevice[],
    /** What the whole host sells besides its GPUs (sellableResources in inventory/host.ts). */
    private readonly sellable: () => MachineShare,
    /** The ways into a job this agent serves and its runner (offeredAccess), signed with each offer. */
    private readonly access: OfferAccess,
  ) {}

  /** The offers currently valid, leaving out any rented already and any that promise a GPU in `busy`. */
  list(busy: ReadonlySet<number>, nowSeconds = Date.now() / 1000): SignedOfferJson[] {
    return this.offers.filter(
      (o) =>
        Number(o.offer.expiresAt) > nowSeconds + 5 &&
        this.unrented(o) &&
        o.gpuIndices.every((i) => !busy.has(i)),
    )
  }

  /** Whether `o` may still be filled: the chain follower forgets an issued offer once it is rented. */
  private unrented(o: SignedOfferJson): boolean {
    return this.store.state.offers[o.offer.offerId] !== undefined
  }

  /**
   * Re-signs the offers when the free GPUs changed, one was rented (its GPUs may be free again at
   * once, when the rental was declined), or they are a third of the way to expiry.
   */
  async refresh(busy: ReadonlySet<number>, nowSeconds = Math.floor(Date.now() / 1000)): Promise<void> {
    const key = [...busy].sort((a, b) => a - b).join(',')
    const rented = this.offers.some((o) => !this.unrented(o))
    if (key === this.signedFor && nowSeconds < this.refreshAt && !rented) return
    const ttl = this.config.offerTtlSeconds
    const expiresAt = nowSeconds + ttl
    const next: SignedOfferJson[] = []
    const totalGpus = this.inventory().length
    const sellable = this.sellable()
    for (const group of groupFree(this.inventory(), busy)) {
      const first = group.devices[0]
      if (!first) continue
      const perGpu = gpuHourPrice(this.config, group.modelId, first.name)
      if (perGpu === undefined || perGpu === 0n) continue
      const vramMiB = Math.min(...group.devices.map((d) => d.memoryMiB))
      for (const count of splitSizes(group.devices.length)) {
        const gpuIndices = group.devices.slice(0, count).map((d) => d.index)
        next.push(
          await this.sign(
            group.key,
            group.modelId,
            count,
            vramMiB,
            perGpu * BigInt(count),
            expiresAt,
            gpuIndices,
            { ...resourceShare(sellable, count, totalGpus), ...this.access },
          ),
        )
      }
    }
    this.offers = next
    this.signedFor = key
    this.refreshAt = nowSeconds + Math.floor(ttl / 3)
    this.prune(nowSeconds)
  }

  private async sign(
    gpuModel: string,
    gpuModelId: string | null,
    gpuCount: number,
    vramMiB: number,
    pricePerHour: bigint,
    expiresAt: number,
    gpuIndices: number[],
    resources: OfferResources,
  ): Promise<SignedOfferJson> {
    const offer: Offer = {
      provider: this.signer.address,
      offerId: newOfferId(),
      gpuModel,
      gpuCount,
      vramMiB,
      token: this.config.token,
      pricePerHour,
      minDuration: this.config.minDurationSeconds,
      maxDuration: this.config.maxDurationSeconds,
      expiresAt: BigInt(expiresAt),
    }
    if (!this.signer.signTypedData) throw new Error('the provider account cannot sign typed data')
    const signature = await this.signer.signTypedData(offerTypedData(this.config.chainId, this.market, offer))
    const resourcesSignature = await this.signer.signTypedData(
      offerResourcesTypedData(this.config.chainId, this.market, offer.offerId, resources),
    )
    // What the runner will enforce is kept with the issued offer.
    const { cpus, memoryMiB, diskMiB, networkMbps } = resources
    this.store.state.offers[offer.offerId] = {
      gpuIndices,
      resources: { cpus, memoryMiB, diskMiB, networkMbps },
      expiresAt,
    }
    return {
      offer: { ...offer, pricePerHour: offer.pricePerHour.toString(), expiresAt: offer.expiresAt.toString() },
      signature,
      resources,
      resourcesSignature,
      region: this.config.region,
      gpuModelId,
      gpuIndices,
    }
  }

  /** Forgets issued offers that can no longer be filled (kept a while for late event processing). */
  private prune(nowSeconds: number) {
    for (const [id, issued] of Object.entries(this.store.state.offers)) {
      if (issued.expiresAt < nowSeconds - 3600) delete this.store.state.offers[id]
    }
    this.store.save()
  }
}
