import { BlacklistToken } from '@/contracts/test/generated-mocks'
import { HOUR, USDC, type World } from '@/contracts/test/harness'
import { WeftMarket } from '@/lib/chain/generated'
import type { Offer } from '@/lib/chain/offer-typed-data'
import { DeclineReason } from '@/lib/chain/rental-status'

/** A rental of a fresh offer: its id, and its offer id (what the provider's calls name it by). */
export async function rentOffer(w: World, duration = HOUR, overrides: Partial<Offer> = {}) {
  const offer = await w.makeOffer(overrides)
  const { id } = await w.rent(offer, duration)
  return { id, offerId: offer.offerId }
}

/** A payment token that refuses transfers to listed accounts (as USDC's blacklist), allowed on the market, funded. */
export async function deployBlacklistToken(w: World) {
  const hash = await w.walletFor(w.deployer).deployContract({
    abi: BlacklistToken.abi,
    bytecode: BlacklistToken.bytecode,
  })
  const { contractAddress: token } = await w.publicClient.waitForTransactionReceipt({ hash })
  if (!token) throw new Error('BlacklistToken deployment returned no address')
  await w.sendMarket(w.deployer, 'setTokenAllowed', [token, true])
  await w.send(w.renter, token, BlacklistToken.abi, 'mint', [w.renter.address, 1_000_000n * USDC])
  await w.send(w.renter, token, BlacklistToken.abi, 'approve', [w.market, 2n ** 255n])
  const setBlacklisted = (account: World['renter'], value: boolean) =>
    w.send(w.deployer, token, BlacklistToken.abi, 'setBlacklisted', [account.address, value])
  return { token, setBlacklisted }
}

/**
 * Drives every kind of market event on chain: rentals started, extended, claimed, stopped, finished,
 * cancelled (in and after the start window), declined, settled as no-shows, payouts credited because
 * the token refused them (one withdrawn, one left), and an offer cancelled. Returns the rental ids
 * touched, the last one the cancelled offer's.
 */
export async function runLifecycle(w: World): Promise<bigint[]> {
  // Each transaction's block time is pinned one second after the last block, so a busy machine's
  // wall clock cannot move between a call's simulation and its mining (start windows, accrual).
  const pinned = async (account: World['renter'], fn: string, args: unknown[]) => {
    await w.setNextTimestamp((await w.now()) + 1)
    return w.sendMarket(account, fn, args)
  }
  const renter = (fn: string, args: unknown[]) => pinned(w.renter, fn, args)
  const provider = (fn: string, args: unknown[]) => pinned(w.provider, fn, args)
  const [a, b, c, d, e, g, h, i] = [
    await rentOffer(w),
    await rentOffer(w),
    await rentOffer(w, 60),
    await rentOffer(w),
    await rentOffer(w),
    await rentOffer(w),
    await rentOffer(w),
    await rentOffer(w),
  ] as const
  for (const rental of [a, b, c, h]) await provider('start', [rental.offerId])
  await provider('decline', [g.offerId, DeclineReason.GpusBusy])
  await renter('extend', [d.id, 600]) // while pending
  await renter('cancel', [d.id]) // inside the start window: no compensation
  await renter('extend', [a.id, 600]) // while running
  await w.travel(120)
  await provider('claimEarned', [[a.offerId, c.offerId]]) // a partly paid, c paid in full: ended
  await renter('stop', [b.id])
  await provider('claimEarned', [[b.offerId]]) // stopped, settles, stays stopped
  await provider('finish', [h.offerId]) // the job ended: the unused part goes back at once
  await provider('claimEarned', [[h.offerId]]) // finished, settles, stays finished

  // A token that refuses the renter's refund, then the provider's pay: both are credited.
  const blk = await deployBlacklistToken(w)
  const j = await rentOffer(w, HOUR, { token: blk.token })
  const k = await rentOffer(w, HOUR, { token: blk.token })
  await provider('start', [k.offerId])
  await blk.setBlacklisted(w.renter, true)
  await provider('decline', [j.offerId, DeclineReason.SpecUnreadable]) // refund credited to the renter
  await blk.setBlacklisted(w.renter, false)
  await renter('withdraw', [blk.token])
  await w.travel(60)
  await blk.setBlacklisted(w.provider, true)
  await provider('claimEarned', [[k.offerId]]) // pay credited to the provider, left there
  await blk.setBlacklisted(w.provider, false)

  await w.travel(900)
  await renter('cancel', [e.id]) // start window passed: compensated from the stake
  await pinned(w.stranger, 'settleNoShow', [i.id]) // anyone may settle a no-show
  await provider('claimEarned', [[a.offerId]])
  const offer = await w.makeOffer()
  await provider('cancelOffer', [offer.offerId])
  const f = (await w.publicClient.readContract({
    address: w.market,
    abi: WeftMarket.abi,
    functionName: 'rentalId',
    args: [offer.provider, offer.offerId],
  })) as bigint
  return [a, b, c, d, e, g, h, i, j, k].map((rental) => rental.id).concat(f)
}
