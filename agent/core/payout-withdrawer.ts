import type { Address } from 'viem'
import type { MarketChain } from './market-chain'
import { errorLine } from './rental-state'
import type { StateStore } from './state-store'

/**
 * Takes out the provider's credited payouts: a claim whose token transfer failed (the token was
 * paused, say) leaves the amount credited on the market, and `withdraw(token)` moves it once the
 * token lets it. Checked on every upkeep pass for each token the provider is paid in; a withdraw
 * that still reverts is tried again on a later pass.
 */
export class PayoutWithdrawer {
  private lastFailure = new Map<Address, string>()

  constructor(
    private readonly chain: MarketChain,
    private readonly store: StateStore,
    /** The token the agent's offers are priced in. */
    private readonly offerToken: Address,
  ) {}

  /** The tokens this provider may be paid in: its offers' and every rental's. */
  tokens(): Address[] {
    const tokens = new Map<string, Address>([[this.offerToken.toLowerCase(), this.offerToken]])
    for (const record of Object.values(this.store.state.rentals)) {
      if (record.token) tokens.set(record.token.toLowerCase(), record.token)
    }
    return [...tokens.values()]
  }

  /** Withdraws every credited payout the token now lets through; resolves with the amounts taken out. */
  async withdrawCredited(): Promise<Map<Address, bigint>> {
    const withdrawn = new Map<Address, bigint>()
    for (const token of this.tokens()) {
      const amount = await this.chain.credit(token)
      if (amount === 0n) continue
      try {
        const receipt = await this.chain.send({ functionName: 'withdraw', args: [token] })
        withdrawn.set(token, amount)
        this.lastFailure.delete(token)
        console.log(
          `withdrew ${amount} (base units) of token ${token} credited to the provider (tx ${receipt.transactionHash})`,
        )
      } catch (error) {
        const line = errorLine(error)
        if (this.lastFailure.get(token) === line) continue
        this.lastFailure.set(token, line)
        console.error(
          `withdrawing ${amount} of token ${token} credited to the provider failed: ${line}; trying again later`,
        )
      }
    }
    return withdrawn
  }
}
