import {
  BaseError,
  ChainMismatchError,
  ContractFunctionRevertedError,
  InsufficientFundsError,
  SwitchChainError,
  UserRejectedRequestError,
} from 'viem'
import { formatHours } from '@/lib/format/duration'
import { formatTokenAmount } from '@/lib/format/token-amount'
import { TestUSDC, WeftMarket } from './generated'

/** What went wrong with a wallet action, as one plain sentence and what to do next. */
export type WalletProblem = {
  kind: 'rejected' | 'wrong-chain' | 'no-gas' | 'contract' | 'network' | 'unknown'
  /** The contract's custom error name when the chain refused the call, e.g. "OfferExpired". */
  errorName?: string
  message: string
}

const usdc = (value: unknown) => `${formatTokenAmount(BigInt(String(value)))} USDC`
const hours = (seconds: unknown) => formatHours(Number(seconds))

/** Sentences for WeftMarket's custom errors, each saying what to do about it. */
const contractErrors: Record<string, (args: readonly unknown[]) => string> = {
  OfferExpired: () => 'This offer has expired. Go back to the marketplace and pick a current offer.',
  OfferAlreadyUsed: () =>
    'Someone else has just rented this offer. Go back to the marketplace and pick another.',
  InvalidSignature: () => 'The provider’s signature on this offer does not check out. Pick another offer.',
  DurationOutOfRange: ([duration, min, max]) =>
    `A duration of ${hours(duration)} is outside this offer’s range of ${hours(min)} to ${hours(max)}.`,
  ExceedsMaxDuration: ([, max]) => `That would take the rental past the offer’s limit of ${hours(max)}.`,
  InsufficientStake: () => 'The provider’s stake no longer covers this rental. Pick another offer.',
  TokenNotAllowed: () => 'This offer is priced in a token the market does not accept. Pick another offer.',
  TransferMismatch: () => 'The payment token moved a different amount than expected, so nothing was paid.',
  ZeroDeposit: () => 'The deposit would be zero: choose a longer duration.',
  PriceTooHigh: () => 'This offer’s price is beyond what the market accepts. Pick another offer.',
  UnknownRental: () => 'The chain knows no such rental. It may not be mined yet: wait a moment and retry.',
  NotRenter: () => 'Only the account that paid for this rental can do that. Switch to that account.',
  NotProvider: () => 'Only the rental’s provider can do that. Switch to the provider’s account.',
  WrongStatus: () => 'The rental has changed state since this page loaded. Reload to see where it stands.',
  StartWindowPassed: () =>
    'The provider did not start in time; the rental can now be cancelled for a refund.',
  RentalEnded: () => 'This rental has already ended. Its refund, if any, is already yours.',
  StakeTooLow: ([stake, min]) => `A stake of ${usdc(stake)} is below the market’s minimum of ${usdc(min)}.`,
  StakeLocked: ([active]) => `The stake is locked while ${active} rental(s) are active.`,
  AlreadyRegistered: () => 'This account is already registered as a provider.',
  NotRegistered: () => 'This account is not registered as a provider yet. Register first.',
  InvalidEndpoint: () => 'The agent endpoint must be an https URL (http only for local chains).',
  ZeroAmount: () => 'Enter an amount above zero.',
  ERC20InsufficientBalance: ([, balance, needed]) =>
    `Your wallet holds ${usdc(balance)}, but this needs ${usdc(needed)}. Add USDC, or choose a shorter duration.`,
  ERC20InsufficientAllowance: () => 'The USDC spending permission is too small. Sign the permit again.',
  ERC2612ExpiredSignature: () => 'The USDC permit expired before the transaction was mined. Try again.',
  ERC2612InvalidSigner: () => 'The USDC permit was signed by another account. Try again from this account.',
}

/**
 * Turns anything a wallet or viem throws into one plain sentence: a rejected request (EIP-1193 4001),
 * a wrong chain, too little ETH for gas, the contract's own errors by name, or an unreachable node.
 */
export function explainWalletError(error: unknown): WalletProblem {
  if (!(error instanceof BaseError)) {
    const code = (error as { code?: unknown } | null)?.code
    if (code === 4001 || code === 'ACTION_REJECTED')
      return { kind: 'rejected', message: 'You declined the request in your wallet. Nothing was sent.' }
    // wagmi's own errors (not viem's): the wallet cannot switch networks programmatically.
    if (error instanceof Error && error.name === 'SwitchChainNotSupportedError')
      return {
        kind: 'wrong-chain',
        message:
          'Your wallet cannot switch networks from this page. Switch it to this market’s network yourself, then retry.',
      }
    const text = error instanceof Error ? error.message : String(error)
    return { kind: 'unknown', message: text || 'Something went wrong. Try again.' }
  }
  if (error.walk((e) => e instanceof UserRejectedRequestError || (e as { code?: unknown }).code === 4001))
    return { kind: 'rejected', message: 'You declined the request in your wallet. Nothing was sent.' }
  if (error.walk((e) => e instanceof ChainMismatchError))
    return {
      kind: 'wrong-chain',
      message: 'Your wallet is on another network. Switch to the network shown in the header and retry.',
    }
  if (error.walk((e) => e instanceof SwitchChainError || (e as { code?: unknown }).code === 4902))
    return {
      kind: 'wrong-chain',
      message: 'Your wallet does not know this market’s network. Add the network in your wallet, then retry.',
    }
  if (error.walk((e) => e instanceof InsufficientFundsError))
    return {
      kind: 'no-gas',
      message: 'Your wallet has too little ETH to pay for gas. Add some ETH to this account and retry.',
    }
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
  if (reverted instanceof ContractFunctionRevertedError) {
    const name = reverted.data?.errorName
    const explain = name ? contractErrors[name] : undefined
    if (name && explain)
      return { kind: 'contract', errorName: name, message: explain(reverted.data?.args ?? []) }
    return {
      kind: 'contract',
      errorName: name,
      message: `The contract refused the transaction${name ? ` (${name})` : ''}${reverted.reason ? `: ${reverted.reason}` : ''}. Nothing was paid.`,
    }
  }
  if (error.walk((e) => e instanceof Error && (e.name === 'HttpRequestError' || e.name === 'TimeoutError')))
    return { kind: 'network', message: 'The network could not be reached. Check your connection and retry.' }
  return { kind: 'unknown', message: error.shortMessage || 'Something went wrong. Try again.' }
}

/** WeftMarket's ABI plus the payment token's errors, so a simulated rent decodes token reverts too. */
export const marketAbiWithTokenErrors = [
  ...WeftMarket.abi,
  ...TestUSDC.abi.filter((item) => item.type === 'error'),
] as const
