import type { MarketChain } from './market-chain'
import type { StateStore } from './state-store'

/**
 * Collects the provider's pay: one `claim` transaction for every rental with pay due or that can
 * be settled (stopped, or past its end), and nothing when nothing is due, so no gas is wasted.
 */
export class Claimer {
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly chain: MarketChain,
    private readonly store: StateStore,
  ) {}

  async claimDue(): Promise<bigint[]> {
    const now = Date.now() / 1000
    const due: bigint[] = []
    for (const r of Object.values(this.store.state.rentals)) {
      if (r.settled || (r.chain !== 'running' && r.chain !== 'stopped')) continue
      const id = BigInt(r.id)
      const [, claimable] = await this.chain.accrued(id)
      if (claimable > 0n || r.chain === 'stopped' || (r.endsAt !== undefined && now >= r.endsAt)) due.push(id)
    }
    if (due.length === 0) return due
    await this.chain.send({ functionName: 'claim', args: [due] })
    for (const id of due) {
      const onchain = await this.chain.getRental(id)
      const record = this.store.rental(id)
      if (!record || !onchain.settled) continue
      record.settled = true
      if (record.chain === 'running') record.chain = 'ended'
      this.store.putRental(record)
    }
    return due
  }

  /** Claims once, `delayMs` from now (calls in between share that one claim). */
  schedule(delayMs: number) {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.claimDue().catch((error) =>
        console.error(`claim failed: ${error instanceof Error ? error.message.split('\n')[0] : error}`),
      )
    }, delayMs)
    this.timer.unref()
  }

  cancel() {
    clearTimeout(this.timer)
    this.timer = undefined
  }
}
