import { BaseError, ContractFunctionRevertedError, type Hex, parseEventLogs } from 'viem'
import { WeftMarket } from '@/lib/chain/generated'
import { type DeclineReasonCode, declineReasonText } from '@/lib/chain/rental-status'
import { keepsMachine } from '@/lib/jobs/job-spec'
import type { MarketChain } from './market-chain'
import { ACTIVE, chainStateOf, errorLine } from './rental-state'
import type { ChainState, RentalRecord, StateStore } from './state-store'

export type SettlementHooks = {
  /** The rental will never run (declined, settled as a no-show): give back what it held. */
  released(record: RentalRecord): void
  /** The rental was finished on-chain: stop its job if one still runs, and claim soon. */
  finished(record: RentalRecord): void
}

/** The custom error a contract call reverted with, when viem could decode it. */
function revertName(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
  return reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined
}

/**
 * Ends the provider's rentals on-chain when they cannot or need not run to their end: `decline`
 * a pending rental it cannot serve (within the start window, full refund), `finish` a running one
 * whose job ended early (the unused part refunded), and `settleNoShow` a rental left pending past
 * its start window (the agent was down, say), so its stake is never locked. Every decision is
 * recorded before its transaction is sent; `upkeep` sends again what did not go through.
 */
export class Settlement {
  private readonly inFlight = new Set<string>()
  private readonly reported = new Map<string, string>()

  constructor(
    private readonly chain: MarketChain,
    private readonly store: StateStore,
    private readonly hooks: SettlementHooks,
  ) {}

  /** Declines a pending rental: records why (the GPUs are free at once), then sends `decline`. */
  decline(record: RentalRecord, reason: DeclineReasonCode, why: string): Promise<void> {
    if (record.declineReason === undefined && record.chain === 'pending') {
      record.declineReason = reason
      this.store.transition(
        record,
        'cancelled',
        `${why}; declining the rental: the renter gets the deposit back`,
      )
      this.hooks.released(record)
    }
    return this.once(record, () => this.sendDecline(record))
  }

  /** Finishes a running rental whose job ended before the paid time, refunding the unused part. */
  finish(record: RentalRecord): Promise<void> {
    return this.once(record, async () => {
      if (!finishDue(record, Date.now() / 1000)) return
      try {
        const receipt = await this.chain.send({ functionName: 'finish', args: [record.offerId] })
        const [event] = parseEventLogs({ abi: WeftMarket.abi, logs: receipt.logs, eventName: 'Finished' })
        this.finished(record, event?.args.elapsed ?? record.duration, receipt.transactionHash)
      } catch (error) {
        if ((await this.onChainState(record)) === 'running') this.report(record, 'finish', error)
      }
    })
  }

  /** Sends what is still due: declines within the window, finishes, and no-shows past the window. */
  async upkeep(): Promise<void> {
    const records = Object.values(this.store.state.rentals)
    for (const record of records) if (finishDue(record, Date.now() / 1000)) await this.finish(record)
    const pending = records.filter((r) => r.chain === 'pending')
    if (pending.length === 0) return
    const [now, window] = await Promise.all([this.chain.now(), this.chain.startWindow()])
    for (const record of pending) {
      if (record.createdAt === undefined) await this.onChainState(record)
      if (record.chain !== 'pending' || record.createdAt === undefined) continue
      if (now > record.createdAt + window) await this.once(record, () => this.sendNoShow(record))
      else if (record.declineReason !== undefined) await this.once(record, () => this.sendDecline(record))
    }
  }

  /**
   * Whether a rental can still be started or declined: `open` (pending on-chain, within its start
   * window), `closed` (pending past it: only a no-show settlement is left) or `gone` (no longer
   * pending). Throws when the chain cannot be read.
   */
  async startWindow(record: RentalRecord): Promise<'open' | 'closed' | 'gone'> {
    const [state, now, window] = await Promise.all([
      this.onChainState(record),
      this.chain.now(),
      this.chain.startWindow(),
    ])
    if (state === undefined) throw new Error(`rental ${record.id} could not be read from the chain`)
    if (state !== 'pending' || record.createdAt === undefined) return 'gone'
    return now <= record.createdAt + window ? 'open' : 'closed'
  }

  /** The chain has the rental declined (from the receipt or the event, whichever is seen first). */
  declined(record: RentalRecord, reason: number, txHash?: Hex) {
    if (record.chain === 'declined') return
    record.chain = 'declined'
    const first = record.declineReason === undefined
    record.declineReason ??= reason
    this.store.transition(
      record,
      'cancelled',
      `declined on-chain (reason ${reason}: ${declineReasonText(reason)}); the whole deposit went back to the renter`,
      txHash,
    )
    if (first) this.hooks.released(record)
  }

  /** The chain has the rental settled as a no-show. */
  noShow(record: RentalRecord, txHash?: Hex) {
    if (record.chain === 'noshow') return
    const held = record.declineReason === undefined
    record.chain = 'noshow'
    this.store.transition(
      record,
      'cancelled',
      'not started within the start window: settled on-chain as a no-show, the deposit back to the renter with compensation from the stake where due',
      txHash,
    )
    if (held) this.hooks.released(record)
  }

  /** The chain has the rental finished after `elapsed` seconds. */
  finished(record: RentalRecord, elapsed: number, txHash?: Hex) {
    if (record.chain === 'finished') return
    record.chain = 'finished'
    record.duration = elapsed
    if (record.startedAt !== undefined) record.endsAt = record.startedAt + elapsed
    this.store.transition(
      record,
      record.status,
      `finished on-chain after ${elapsed} s: the unused time went back to the renter`,
      txHash,
    )
    this.hooks.finished(record)
  }

  private async sendDecline(record: RentalRecord) {
    const reason = record.declineReason
    if (record.chain !== 'pending' || reason === undefined) return
    try {
      const receipt = await this.chain.send({ functionName: 'decline', args: [record.offerId, reason] })
      this.declined(record, reason, receipt.transactionHash)
    } catch (error) {
      // Retried while the window is open; after it, the rental is settled as a no-show instead.
      if ((await this.onChainState(record)) === 'pending') this.report(record, 'decline', error)
    }
  }

  private async sendNoShow(record: RentalRecord) {
    if (record.chain !== 'pending') return
    try {
      const receipt = await this.chain.send({ functionName: 'settleNoShow', args: [BigInt(record.id)] })
      this.noShow(record, receipt.transactionHash)
    } catch (error) {
      if ((await this.onChainState(record)) === 'pending') this.report(record, 'settleNoShow', error)
    }
  }

  /**
   * Reads where the rental stands on-chain (and when it was rented). The record's chain state is
   * left to the event follower, which has each change's details, except for a rental the market
   * does not know at all (a record from another deployment), which nothing is sent for again.
   */
  private async onChainState(record: RentalRecord): Promise<ChainState | undefined> {
    try {
      const onchain = await this.chain.getRental(BigInt(record.id))
      if (onchain.createdAt !== 0 && record.createdAt !== onchain.createdAt) {
        record.createdAt = onchain.createdAt
        this.store.putRental(record)
      }
      return chainStateOf(onchain.status)
    } catch (error) {
      if (revertName(error) !== 'UnknownRental') return undefined
      record.chain = 'unknown'
      this.store.transition(
        record,
        ACTIVE.has(record.status) ? 'cancelled' : record.status,
        'the market has no such rental (a record from another deployment); nothing more is done for it',
      )
      this.hooks.released(record)
      return 'unknown'
    }
  }

  /** Runs one transaction for `record` at a time; a call while one is in flight does nothing. */
  private async once(record: RentalRecord, task: () => Promise<void>) {
    if (this.inFlight.has(record.id)) return
    this.inFlight.add(record.id)
    try {
      await task()
    } finally {
      this.inFlight.delete(record.id)
    }
  }

  /** Logs a failed call once per distinct reason, not on every retry. */
  private report(record: RentalRecord, call: string, error: unknown) {
    const line = `${call} failed: ${errorLine(error)}`
    if (this.reported.get(record.id) === line) return
    this.reported.set(record.id, line)
    console.error(`rental ${record.id}: ${line}; trying again later`)
  }
}

/** A running rental whose job ended on its own before the paid time, and whose spec does not keep the machine. */
export function finishDue(record: RentalRecord, nowSeconds: number): boolean {
  return (
    record.chain === 'running' &&
    (record.status === 'succeeded' || record.status === 'failed') &&
    !(record.spec && keepsMachine(record.spec)) &&
    record.endsAt !== undefined &&
    nowSeconds < record.endsAt
  )
}
