import {
  BaseError,
  ChainMismatchError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  InsufficientFundsError,
  SwitchChainError,
  TransactionExecutionError,
  UserRejectedRequestError,
} from 'viem'
import { anvil, base } from 'viem/chains'
import { describe, expect, it } from 'vitest'
import { explainWalletError, marketAbiWithTokenErrors } from './wallet-errors'

/** A revert of rentWithPermit as viem reports a failed simulation: execution error around the revert. */
function reverted(errorName: string, args: readonly unknown[]) {
  const data = encodeErrorResult({
    abi: marketAbiWithTokenErrors,
    errorName,
    args,
  } as Parameters<typeof encodeErrorResult>[0])
  const cause = new ContractFunctionRevertedError({
    abi: marketAbiWithTokenErrors,
    data,
    functionName: 'rentWithPermit',
  })
  return new ContractFunctionExecutionError(cause, {
    abi: marketAbiWithTokenErrors,
    functionName: 'rentWithPermit',
    args: [],
  })
}

describe('explainWalletError', () => {
  it('says a declined request sent nothing, however the wallet reports it', () => {
    const declined = 'You declined the request in your wallet. Nothing was sent.'
    const wrapped = new TransactionExecutionError(new UserRejectedRequestError(new Error('User denied')), {
      account: null,
      chain: anvil,
    })
    expect(explainWalletError(wrapped)).toEqual({ kind: 'rejected', message: declined })
    expect(explainWalletError({ code: 4001, message: 'User rejected the request.' })).toEqual({
      kind: 'rejected',
      message: declined,
    })
  })

  it('tells a wrong or unknown network apart from other failures', () => {
    const mismatch = new ChainMismatchError({ chain: anvil, currentChainId: base.id })
    expect(explainWalletError(mismatch).kind).toBe('wrong-chain')
    const unknown = explainWalletError(new SwitchChainError(new Error('Unrecognized chain ID')))
    expect(unknown).toEqual({
      kind: 'wrong-chain',
      message: 'Your wallet does not know this market’s network. Add the network in your wallet, then retry.',
    })
    const wagmiError = Object.assign(new Error('Switch chain not supported'), {
      name: 'SwitchChainNotSupportedError',
    })
    expect(explainWalletError(wagmiError).kind).toBe('wrong-chain')
  })

  it('names a lack of gas and an unreachable node', () => {
    const gas = new TransactionExecutionError(
      new InsufficientFundsError({ cause: new BaseError('insufficient funds for gas') }),
      {
        account: null,
        chain: anvil,
      },
    )
    expect(explainWalletError(gas).kind).toBe('no-gas')
    const down = new HttpRequestError({ url: 'http://127.0.0.1:8545', status: 502 })
    expect(explainWalletError(down).kind).toBe('network')
  })

  it('explains the market’s and the token’s reverts by name, with their amounts', () => {
    expect(explainWalletError(reverted('OfferExpired', [1_795_573_482n]))).toEqual({
      kind: 'contract',
      errorName: 'OfferExpired',
      message: 'This offer has expired. Go back to the marketplace and pick a current offer.',
    })
    const short = explainWalletError(
      reverted('ERC20InsufficientBalance', [
        '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
        100_000n,
        440_000n,
      ]),
    )
    expect(short.errorName).toBe('ERC20InsufficientBalance')
    expect(short.message).toBe(
      'Your wallet holds 0.1 USDC, but this needs 0.44 USDC. Add USDC, or choose a shorter duration.',
    )
    expect(explainWalletError(reverted('DurationOutOfRange', [30, 60, 7200])).message).toBe(
      'A duration of 0.01 h is outside this offer’s range of 0.02 h to 2 h.',
    )
    expect(explainWalletError(reverted('PriceTooHigh', [2n ** 100n])).errorName).toBe('PriceTooHigh')
  })

  it('falls back to the error’s own short message rather than inventing one', () => {
    expect(explainWalletError(new Error('connector went away'))).toEqual({
      kind: 'unknown',
      message: 'connector went away',
    })
  })
})
