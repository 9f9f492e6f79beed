import type { Address, Hex } from 'viem'
import { type OpenedSpec, sealedSpecHash } from '@/lib/jobs/sealed-spec'
import type { MarketChain, MarketEvent } from './market-chain'
import type { RentalRecord, StateStore } from './state-store'

export type SyncHandlers = {
  /** A new rental of this provider, with its job spec as opened from the rent transaction. */
  rented(record: RentalRecord, opened: OpenedSpec): void
  stopped(record: RentalRecord): void
  extended(record: RentalRecord): void
  cancelled(record: RentalRecord): void
  declined(record: RentalRecord, reason: number, txHash: Hex): void
  noShow(record: RentalRecord, txHash: Hex): void
  finished(record: RentalRecord, elapsed: number, txHash: Hex): void
}

const MAX_RANGE = 2000n

/**
 * Follows the market's events from the last processed block. Each block range is applied and then
 * recorded, and every handler is idempotent, so a crash or an RPC outage never skips a range and a
 * replayed range changes nothing.
 */
export class ChainSync {
  reachable = true
  lastError: string | undefined
  private running: Promise<void> | undefined

  constructor(
    private readonly chain: MarketChain,
    private readonly store: StateStore,
    private readonly provider: Address,
    /** Opens a sealed job spec with the provider's key (lib/jobs/sealed-spec.ts). */
    private readonly openSpec: (sealed: Hex) => OpenedSpec,
    private readonly on: SyncHandlers,
  ) {}

  /** Processes every new event; concurrent callers share one pass. */
  sync(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  private async pass() {
    try {
      const latest = await this.chain.blockNumber()
      let from = BigInt(this.store.state.lastBlock) + 1n
      while (from <= latest) {
        const to = from + MAX_RANGE - 1n < latest ? from + MAX_RANGE - 1n : latest
        for (const event of await this.chain.events(from, to)) this.apply(event)
        this.store.state.lastBlock = to.toString()
        this.store.save()
        from = to + 1n
      }
      this.reachable = true
      this.lastError = undefined
    } catch (error) {
      this.reachable = false
      this.lastError = error instanceof Error ? error.message.split('\n')[0] : String(error)
      throw error
    }
  }

  private apply(event: MarketEvent) {
    if (event.eventName === 'Rented') {
      const { id, renter, provider, offerId, token, duration, gpuModel, sealedSpec } = event.args
      if (provider !== this.provider || this.store.rental(id)) return
      const issued = this.store.state.offers[offerId]
      // An offer is filled once: forgotten now, so it is no longer listed (offer-book.ts).
      delete this.store.state.offers[offerId]
      // The spec lives in the record only opened (the sealed bytes, up to 32 KiB, are not kept).
      const opened = this.openSpec(sealedSpec)
      const record: RentalRecord = {
        id: id.toString(),
        offerId,
        renter,
        token,
        gpuIndices: issued?.gpuIndices ?? [],
        resources: issued?.resources,
        gpuModel,
        jobSpecHash: sealedSpecHash(sealedSpec),
        duration,
        status: 'pending',
        chain: 'pending',
        settled: false,
        timeline: [
          {
            at: Date.now(),
            status: 'pending',
            note: opened.ok ? 'rented on-chain; job spec read from the rent transaction' : 'rented on-chain',
          },
        ],
        ...(opened.ok ? { spec: opened.spec } : {}),
      }
      this.store.putRental(record)
      this.on.rented(record, opened)
      return
    }
    if (!('id' in event.args) || typeof event.args.id !== 'bigint') return
    const record = this.store.rental(event.args.id)
    if (!record) return
    switch (event.eventName) {
      case 'Started':
        record.chain = 'running'
        record.startedAt = event.args.startedAt
        record.endsAt = event.args.endsAt
        this.store.putRental(record)
        return
      case 'Stopped':
        if (record.chain === 'stopped') return
        record.chain = 'stopped'
        record.duration = event.args.elapsed
        if (record.startedAt !== undefined) record.endsAt = record.startedAt + event.args.elapsed
        this.store.putRental(record)
        this.on.stopped(record)
        return
      case 'Extended':
        if (record.duration === event.args.duration) return
        record.duration = event.args.duration
        if (record.startedAt !== undefined) record.endsAt = record.startedAt + event.args.duration
        this.store.putRental(record)
        this.on.extended(record)
        return
      case 'Cancelled':
        if (record.chain === 'cancelled') return
        record.chain = 'cancelled'
        this.store.putRental(record)
        this.on.cancelled(record)
        return
      case 'Declined':
        this.on.declined(record, event.args.reason, event.transactionHash)
        return
      case 'NoShowSettled':
        this.on.noShow(record, event.transactionHash)
        return
      case 'Finished':
        this.on.finished(record, event.args.elapsed, event.transactionHash)
        return
      case 'Claimed':
        if (event.args.paidSeconds === record.duration && !record.settled) {
          record.settled = true
          if (record.chain === 'running') record.chain = 'ended'
          this.store.putRental(record)
        }
        return
    }
  }
}
