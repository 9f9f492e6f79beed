import type { Hex } from 'viem'
import type { MarketChain } from './market-chain'
import { errorLine } from './rental-state'
import type { RentalRecord, StateStore } from './state-store'

/** Chain states in which a rental may have pay to claim. */
const CLAIMABLE = new Set<RentalRecord['chain']>(['running', 'stopped', 'finished'])
/**
 * Chain states of a rental refunded before it started (declined, or cancelled by its renter): it
 * holds the provider's stake until a claim names it, which settles it with no payment.
 */
const RELEASABLE = new Set<RentalRecord['chain']>(['declined', 'cancelled'])

/**
 * Collects the provider's pay: one `claimEarned` transaction (rentals named by their offer ids) for every
 * rental with pay due or that can be settled (stopped, finished, past its end, or declined or
 * cancelled before it started, which frees the stake), and nothing when nothing is due, so no gas
 * is wasted.
 */
export class Claimer {
  private timer: NodeJS.Timeout | undefined
  private closed = false

  constructor(
    private readonly chain: MarketChain,
    private readonly store: StateStore,
  ) {}

  /** Claims what is due; resolves with the rentals claimed for. */
  async claimDue(): Promise<RentalRecord[]> {
    const now = Date.now() / 1000
    const due: RentalRecord[] = []
    for (const r of Object.values(this.store.state.rentals)) {
      if (r.settled) continue
      if (RELEASABLE.has(r.chain)) {
        due.push(r)
        continue
      }
      if (!CLAIMABLE.has(r.chain)) continue
      const [, claimable] = await this.chain.accrued(BigInt(r.id))
      const over = r.chain !== 'running' || (r.endsAt !== undefined && now >= r.endsAt)
      if (claimable > 0n || over) due.push(r)
    }
    if (due.length === 0) return due
    const offerIds: Hex[] = due.map((r) => r.offerId)
    await this.chain.send({ functionName: 'claimEarned', args: [offerIds] })
    for (const record of due) {
      const onchain = await this.chain.getRental(BigInt(record.id))
      if (!onchain.settled) continue
      record.settled = true
      if (record.chain === 'running') record.chain = 'ended'
      this.store.putRental(record)
    }
    return due
  }

  /** Claims once, `delayMs` from now (calls in between share that one claim); nothing once cancelled. */
  schedule(delayMs: number) {
    if (this.timer || this.closed) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.claimDue().catch((error) => console.error(`claim failed: ${errorLine(error)}`))
    }, delayMs)
    this.timer.unref()
  }

  /** Cancels the scheduled claim for good: the agent is closing (a job stopping later claims nothing). */
  cancel() {
    this.closed = true
    clearTimeout(this.timer)
    this.timer = undefined
  }
}
