import { type Address, type Hex, isAddressEqual, type PublicClient, type TypedDataDefinition } from 'viem'
import { permitTypedData, permitVrs } from '@/lib/chain/permit'
import { cost } from '@/lib/chain/pricing'
import { explainWalletError, marketAbiWithTokenErrors } from '@/lib/chain/wallet-errors'
import type { JobSpec } from '@/lib/jobs/job-spec'
import type { OfferView } from '@/lib/market/offer-view'
import {
  offerTuple,
  permitDomain,
  permitNonce,
  rentalIdOf,
  type SignedPermit,
  tokenBalance,
} from './rent-chain'
import { checkBeforeRent } from './rent-checks'
import type { FlowAction, FlowError, StepId } from './rent-flow'
import type { PendingRental } from './rent-storage'
import { sealForOffer } from './seal-for-offer'

/** How long a permit stays valid: long enough to confirm the transaction at leisure. */
const PERMIT_LIFETIME = 1800n

/** A wallet or chain failure as a step's error, with the way forward the panel should offer. */
export function toFlowError(step: StepId, error: unknown, testChain: boolean): FlowError {
  const problem = explainWalletError(error)
  const name = problem.errorName
  const remedy: FlowError['remedy'] =
    problem.kind === 'wrong-chain'
      ? 'switch-chain'
      : name === 'OfferExpired' || name === 'OfferAlreadyUsed' || name === 'InvalidSignature'
        ? 'fresh-offer'
        : name === 'ERC20InsufficientBalance'
          ? testChain
            ? 'get-usdc'
            : 'shorter'
          : 'retry'
  return { step, message: problem.message, remedy }
}

export type PayContext = {
  client: PublicClient
  account: Address
  offer: OfferView['offer']
  signature: Hex
  market: Address
  chainId: number
  seconds: number
  /** Sealed to the provider's key here, before anything is signed, and carried by the rent. */
  spec: JobSpec
  testChain: boolean
  /** The permit signed on an earlier try, reused while it still fits. */
  permit: { current: SignedPermit | null }
  signTypedData: (typed: TypedDataDefinition) => Promise<Hex>
  sendRent: (args: RentArgs) => Promise<Hex>
  dispatch: (action: FlowAction) => void
  /** Called as soon as the transaction is sent and again once mined: the caller saves it. */
  onProgress: (pending: PendingRental) => void
  /** The sent transaction was reverted: nothing was paid, and nothing is left to resume. */
  onReverted: () => void
}

export type RentArgs = readonly [ReturnType<typeof offerTuple>, Hex, number, Hex, bigint, number, Hex, Hex]

/**
 * Seals the job spec to the provider's key, checks the offer and the balance, signs the permit
 * (unless one signed earlier still fits), simulates and sends `rentWithPermit` with the sealed spec,
 * and waits for it. Resolves to the mined rental, or to undefined after reporting a failure through
 * `dispatch`. A spec that cannot be sealed is refused before the wallet is asked for anything.
 */
export async function payForRental(ctx: PayContext): Promise<PendingRental | undefined> {
  const { client, account, offer, market, testChain, dispatch } = ctx
  const token = offer.token as Address
  const value = cost(BigInt(offer.pricePerHour), ctx.seconds)
  let step: StepId = 'permit'
  try {
    dispatch({ type: 'begin', step, activity: 'Sealing the job spec and checking your balance…' })
    const sealing = await sealForOffer({
      chainId: ctx.chainId,
      market,
      offer,
      signature: ctx.signature,
      spec: ctx.spec,
    })
    if (!sealing.ok) {
      // Too large: the renter shortens the spec. No key: nothing on this page can help, so no remedy.
      const remedy = sealing.problem === 'too-large' ? ({ remedy: 'fix-spec' } as const) : {}
      dispatch({ type: 'failed', error: { step, message: sealing.message, ...remedy } })
      return undefined
    }
    const [block, balance] = await Promise.all([client.getBlock(), tokenBalance(client, token, account)])
    const now = Number(block.timestamp)
    const problem = checkBeforeRent({
      expiresAt: Number(offer.expiresAt),
      nowSeconds: now,
      balance,
      deposit: value,
      testChain,
    })
    if (problem) {
      dispatch({ type: 'failed', error: problem })
      return undefined
    }
    let signed = ctx.permit.current
    const fits =
      signed &&
      isAddressEqual(signed.owner, account) &&
      signed.value === value &&
      signed.deadline > BigInt(now) + 120n &&
      signed.nonce === (await permitNonce(client, token, account))
    if (!signed || !fits) {
      dispatch({
        type: 'begin',
        step,
        activity: 'Sign the USDC permit in your wallet (a signature, no gas).',
      })
      const [domain, nonce] = await Promise.all([
        permitDomain(client, token),
        permitNonce(client, token, account),
      ])
      const message = {
        owner: account,
        spender: market,
        value,
        nonce,
        deadline: BigInt(now) + PERMIT_LIFETIME,
      }
      const signature = await ctx.signTypedData(permitTypedData(domain, message))
      signed = { ...message, ...permitVrs(signature) }
      ctx.permit.current = signed
      dispatch({ type: 'permit-signed' })
    }
    step = 'rent'
    dispatch({ type: 'begin', step, activity: 'Confirm the rent transaction in your wallet.' })
    const args: RentArgs = [
      offerTuple(offer),
      ctx.signature,
      ctx.seconds,
      sealing.sealed,
      signed.deadline,
      signed.v,
      signed.r,
      signed.s,
    ]
    const call = {
      account,
      address: market,
      abi: marketAbiWithTokenErrors,
      functionName: 'rentWithPermit',
      args,
    } as const
    // Simulated first, with the token's errors in the ABI, so a refusal is explained before gas is spent.
    await client.simulateContract(call)
    const txHash = await ctx.sendRent(args)
    const sent: PendingRental = {
      rentalId: rentalIdOf(offer.provider as Address, offer.offerId as Hex).toString(),
      txHash,
      chainId: ctx.chainId,
      provider: offer.provider,
      offerId: offer.offerId,
      deposit: value.toString(),
      duration: ctx.seconds,
      stage: 'sent',
    }
    ctx.onProgress(sent)
    dispatch({ type: 'sent', txHash, rentalId: sent.rentalId })
    dispatch({ type: 'begin', step, activity: 'Waiting for the rent transaction to be mined…' })
    const receipt = await client.waitForTransactionReceipt({ hash: txHash })
    if (receipt.status !== 'success') {
      ctx.onReverted()
      dispatch({ type: 'reverted' })
      // Reverted on the way (rented by someone first, expired): replay it before its block for the reason.
      await client.simulateContract({ ...call, blockNumber: receipt.blockNumber - 1n })
      throw new Error(
        'The rent transaction was reverted, so nothing was paid. Pick a current offer and try again.',
      )
    }
    ctx.permit.current = null
    const mined = { ...sent, stage: 'mined' as const }
    ctx.onProgress(mined)
    dispatch({ type: 'mined' })
    return mined
  } catch (error) {
    dispatch({ type: 'failed', error: toFlowError(step, error, testChain) })
    return undefined
  }
}
