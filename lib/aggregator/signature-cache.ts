import type { Address } from 'viem'
import type { SignedPair } from './offer-signature'

/**
 * Offers whose two signatures were already found valid, so an offer seen again at the next poll
 * costs a lookup instead of two digests and two recoveries. Keyed by every signed field of the
 * offer and of its resources, the domain and both signatures: any change to the signed content is
 * a new key, checked afresh. Entries not seen for `keepPolls` polls are forgotten at `endPoll`
 * (an offer replaced or expired does not stay), and at most `maxEntries` are kept, oldest out first.
 */
export class SignatureCache {
  private readonly entries = new Map<string, number>()
  private poll = 0

  constructor(
    private readonly maxEntries = 200_000,
    private readonly keepPolls = 10,
  ) {}

  static key(chainId: number, market: Address, signed: SignedPair): string {
    const { offer: o, resources: r } = signed
    return JSON.stringify([
      chainId,
      market.toLowerCase(),
      o.provider.toLowerCase(),
      o.offerId.toLowerCase(),
      o.gpuModel,
      o.gpuCount,
      o.vramMiB,
      o.token.toLowerCase(),
      o.pricePerHour.toString(),
      o.minDuration,
      o.maxDuration,
      o.expiresAt.toString(),
      signed.signature.toLowerCase(),
      r.cpus,
      r.memoryMiB,
      r.diskMiB,
      r.networkMbps,
      r.access,
      r.isolation,
      signed.resourcesSignature.toLowerCase(),
    ])
  }

  get size(): number {
    return this.entries.size
  }

  /** Whether `key` was found valid; a hit counts as seen in this poll. */
  has(key: string): boolean {
    if (!this.entries.has(key)) return false
    this.entries.set(key, this.poll)
    return true
  }

  add(key: string): void {
    this.entries.set(key, this.poll)
    if (this.entries.size <= this.maxEntries) return
    const oldest = this.entries.keys().next()
    if (!oldest.done) this.entries.delete(oldest.value)
  }

  /** Closes a poll: forgets the entries that no poll has seen in the last `keepPolls`. */
  endPoll(): void {
    this.poll++
    for (const [key, seen] of this.entries) if (this.poll - seen > this.keepPolls) this.entries.delete(key)
  }
}
