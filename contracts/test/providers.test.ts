import { type Address, getAddress, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { WeftMarket } from '../../lib/chain/generated'
import { cost } from '../../lib/chain/pricing'
import {
  baseTime,
  expectRevertWith,
  isolatedWorld,
  marketEvents,
  pendingNonce,
  providerOf,
  rentAt,
  runningRental,
  secondUsdc,
  sendAt,
  sendUnmined,
} from './fixtures'
import { expectRevert, HOUR, USDC } from './harness'

const w = isolatedWorld()
const STAKE = 1000n * USDC

describe('registerProvider', () => {
  it('pulls exactly the stake and records the provider', async () => {
    const t = await baseTime(w)
    const before = await w.balance(w.stranger.address)
    const marketBefore = await w.balance(w.market)
    const receipt = await sendAt(w, t, w.stranger, 'registerProvider', [
      'https://gpu.stranger.example',
      100n * USDC,
    ])
    expect(await w.balance(w.stranger.address)).toBe(before - 100n * USDC)
    expect(await w.balance(w.market)).toBe(marketBefore + 100n * USDC)
    expect(await providerOf(w, w.stranger.address)).toEqual({
      id: 2,
      stake: 100n * USDC,
      activeRentals: 0,
      registeredAt: BigInt(t),
      endpoint: 'https://gpu.stranger.example',
    })
    const [event] = marketEvents(receipt, 'ProviderRegistered')
    expect(event?.args).toEqual({
      provider: w.stranger.address,
      providerId: 2,
      endpoint: 'https://gpu.stranger.example',
      stake: 100n * USDC,
    })
    const byId = await w.publicClient.readContract({
      address: w.market,
      abi: WeftMarket.abi,
      functionName: 'providerById',
      args: [2],
    })
    expect(byId).toBe(w.stranger.address)
  })

  it('rejects a second registration, a stake below the minimum and bad endpoints', async () => {
    await expectRevertWith(
      w.sendMarket(w.provider, 'registerProvider', ['https://again.example', STAKE]),
      'AlreadyRegistered',
      [w.provider.address],
    )
    await expectRevertWith(
      w.sendMarket(w.stranger, 'registerProvider', ['https://x.example', 100n * USDC - 1n]),
      'StakeTooLow',
      [100n * USDC - 1n, 100n * USDC],
    )
    await expectRevert(w.sendMarket(w.stranger, 'registerProvider', ['', 100n * USDC]), 'InvalidEndpoint')
    const long = `https://${'a'.repeat(249)}` // 257 bytes
    await expectRevert(w.sendMarket(w.stranger, 'registerProvider', [long, 100n * USDC]), 'InvalidEndpoint')
    // The limit is in bytes, not characters: 129 two-byte characters are 258 bytes.
    await expectRevert(
      w.sendMarket(w.stranger, 'registerProvider', ['é'.repeat(129), 100n * USDC]),
      'InvalidEndpoint',
    )
    const max = `https://${'a'.repeat(248)}` // exactly 256 bytes
    await w.sendMarket(w.stranger, 'registerProvider', [max, 100n * USDC])
    expect((await providerOf(w, w.stranger.address)).endpoint).toBe(max)
  })
})

describe('updateEndpoint and addStake', () => {
  it('updates the endpoint, only for registered providers, only to a valid one', async () => {
    const receipt = await w.sendMarket(w.provider, 'updateEndpoint', ['https://new.example'])
    expect(marketEvents(receipt, 'EndpointUpdated')[0]?.args).toEqual({
      provider: w.provider.address,
      endpoint: 'https://new.example',
    })
    expect((await providerOf(w, w.provider.address)).endpoint).toBe('https://new.example')
    await expectRevertWith(
      w.sendMarket(w.stranger, 'updateEndpoint', ['https://x.example']),
      'NotRegistered',
      [w.stranger.address],
    )
    await expectRevert(w.sendMarket(w.provider, 'updateEndpoint', ['']), 'InvalidEndpoint')
    await expectRevert(w.sendMarket(w.provider, 'updateEndpoint', ['x'.repeat(257)]), 'InvalidEndpoint')
  })

  it('adds exactly the amount to the stake', async () => {
    const before = await w.balance(w.provider.address)
    const receipt = await w.sendMarket(w.provider, 'addStake', [5n * USDC + 1n])
    expect(await w.balance(w.provider.address)).toBe(before - 5n * USDC - 1n)
    expect((await providerOf(w, w.provider.address)).stake).toBe(STAKE + 5n * USDC + 1n)
    expect(marketEvents(receipt, 'StakeChanged')[0]?.args).toEqual({
      provider: w.provider.address,
      delta: 5n * USDC + 1n,
      stake: STAKE + 5n * USDC + 1n,
    })
    await expectRevert(w.sendMarket(w.stranger, 'addStake', [USDC]), 'NotRegistered')
    await expectRevert(w.sendMarket(w.provider, 'addStake', [0n]), 'ZeroAmount')
  })
})

describe('withdrawStake', () => {
  it('pays out exactly, and rejects zero, too much and non-providers', async () => {
    await expectRevert(w.sendMarket(w.stranger, 'withdrawStake', [USDC]), 'NotRegistered')
    await expectRevert(w.sendMarket(w.provider, 'withdrawStake', [0n]), 'ZeroAmount')
    await expectRevertWith(w.sendMarket(w.provider, 'withdrawStake', [STAKE + 1n]), 'InsufficientStake', [
      STAKE,
      STAKE + 1n,
    ])
    const before = await w.balance(w.provider.address)
    const receipt = await w.sendMarket(w.provider, 'withdrawStake', [STAKE - 1n])
    expect(await w.balance(w.provider.address)).toBe(before + STAKE - 1n)
    expect(marketEvents(receipt, 'StakeChanged')[0]?.args).toEqual({
      provider: w.provider.address,
      delta: -(STAKE - 1n),
      stake: 1n,
    })
    // Below the minimum stake the provider's offers can no longer be filled.
    const offer = await w.makeOffer()
    await expectRevertWith(w.rent(offer, HOUR), 'StakeTooLow', [1n, 100n * USDC])
  })

  it('is locked while a rental is pending, running or unclaimed, and free once claim settles it', async () => {
    const t = await baseTime(w)
    const offer = await w.makeOffer({ expiresAt: BigInt(t + HOUR) })
    const { id, offerId } = await rentAt(w, t, offer, HOUR)
    await expectRevertWith(w.sendMarket(w.provider, 'withdrawStake', [USDC]), 'StakeLocked', [1])
    await sendAt(w, t + 10, w.provider, 'start', [offerId])
    await expectRevertWith(w.sendMarket(w.provider, 'withdrawStake', [USDC]), 'StakeLocked', [1])
    await sendAt(w, t + 100, w.provider, 'claimEarned', [[offerId]])
    await expectRevertWith(w.sendMarket(w.provider, 'withdrawStake', [USDC]), 'StakeLocked', [1])
    await sendAt(w, t + 200, w.renter, 'stop', [id])
    // Stopped but the last seconds are not claimed yet: still locked.
    await expectRevertWith(w.sendMarket(w.provider, 'withdrawStake', [USDC]), 'StakeLocked', [1])
    await sendAt(w, t + 300, w.provider, 'claimEarned', [[offerId]])
    expect((await providerOf(w, w.provider.address)).activeRentals).toBe(0)
    const before = await w.balance(w.provider.address)
    await w.sendMarket(w.provider, 'withdrawStake', [STAKE])
    expect(await w.balance(w.provider.address)).toBe(before + STAKE)
    expect((await providerOf(w, w.provider.address)).stake).toBe(0n)
  })

  it('stays locked after a rental ends until it is claimed; a cancel unlocks it once a claim names it', async () => {
    const t = await baseTime(w)
    const { offerId } = await runningRental(w, t, await w.makeOffer(), 120)
    await sendAt(w, t + 1000, w.provider, 'updateEndpoint', ['https://later.example'])
    await expectRevertWith(w.sendMarket(w.provider, 'withdrawStake', [USDC]), 'StakeLocked', [1])
    await sendAt(w, t + 1001, w.provider, 'claimEarned', [[offerId]])
    const pending = await rentAt(w, t + 1002, await w.makeOffer({ expiresAt: BigInt(t + 2000) }), HOUR)
    await expectRevertWith(w.sendMarket(w.provider, 'withdrawStake', [USDC]), 'StakeLocked', [1])
    await sendAt(w, t + 1003, w.renter, 'cancel', [pending.id])
    await expectRevertWith(sendAt(w, t + 1004, w.provider, 'withdrawStake', [USDC]), 'StakeLocked', [1])
    await sendAt(w, t + 1005, w.provider, 'claimEarned', [[pending.offerId]])
    await sendAt(w, t + 1006, w.provider, 'withdrawStake', [USDC])
  })
})

describe('setTokenAllowed', () => {
  it('the stake token is payment token 1 from the constructor and cannot be disallowed', async () => {
    const read = (functionName: 'tokenInfo' | 'tokenById' | 'tokenCount', args: readonly unknown[] = []) =>
      w.publicClient.readContract({ address: w.market, abi: WeftMarket.abi, functionName, args } as never)
    expect(await read('tokenInfo', [w.usdc])).toEqual([1, true])
    expect(await read('tokenById', [1])).toBe(getAddress(w.usdc))
    expect(await read('tokenCount')).toBe(1)
    for (const allowed of [false, true]) {
      await expectRevertWith(
        w.sendMarket(w.deployer, 'setTokenAllowed', [w.usdc, allowed]),
        'StakeTokenAlwaysAllowed',
        [],
      )
    }
    expect(await read('tokenInfo', [w.usdc])).toEqual([1, true])
    await w.rent(await w.makeOffer(), HOUR)
  })

  it('is owner-only', async () => {
    await expectRevertWith(
      w.sendMarket(w.stranger, 'setTokenAllowed', [w.usdc, false]),
      'OwnableUnauthorizedAccount',
      [w.stranger.address],
    )
    await expectRevert(
      w.sendMarket(w.provider, 'setTokenAllowed', [w.stranger.address, true]),
      'OwnableUnauthorizedAccount',
    )
  })

  it('stops new rentals in a disallowed token while existing ones still settle exactly', async () => {
    const token = await secondUsdc(w)
    const t = await baseTime(w)
    const price = 3n * USDC + 7n
    const offer = await w.makeOffer({ token, pricePerHour: price, expiresAt: BigInt(t + HOUR) })
    const { id, offerId, startedAt } = await runningRental(w, t, offer, HOUR)
    const pending = await rentAt(w, t + 2, await w.makeOffer({ token, pricePerHour: price }), HOUR)
    const receipt = await sendAt(w, t + 3, w.deployer, 'setTokenAllowed', [token, false])
    expect(marketEvents(receipt, 'TokenAllowed')[0]?.args).toEqual({ token, tokenId: 2, allowed: false })
    await expectRevertWith(w.rent(await w.makeOffer({ token }), HOUR), 'TokenNotAllowed', [token])

    const providerBefore = await w.balance(w.provider.address, token)
    const renterBefore = await w.balance(w.renter.address, token)
    await sendAt(w, t + 4, w.renter, 'cancel', [pending.id])
    await sendAt(w, startedAt + 600, w.provider, 'claimEarned', [[offerId]])
    await sendAt(w, startedAt + 1000, w.renter, 'stop', [id])
    await sendAt(w, startedAt + 1001, w.provider, 'claimEarned', [[offerId]])
    expect(await w.balance(w.provider.address, token)).toBe(providerBefore + cost(price, 1000))
    expect(await w.balance(w.renter.address, token)).toBe(
      renterBefore + cost(price, HOUR) - cost(price, 1000) + cost(price, HOUR),
    )

    // Re-allowing keeps the token's id.
    await w.sendMarket(w.deployer, 'setTokenAllowed', [token, true])
    const info = await w.publicClient.readContract({
      address: w.market,
      abi: WeftMarket.abi,
      functionName: 'tokenInfo',
      args: [token],
    })
    expect(info).toEqual([2, true])
    await w.rent(await w.makeOffer({ token }), HOUR)
  })

  it('registers at most 255 tokens (TooManyTokens), and known tokens can still be toggled', async () => {
    let nonce = await pendingNonce(w, w.deployer)
    let last: `0x${string}` | undefined
    for (let i = 0; i < 254; i++) {
      const token: Address = toHex(0x10000 + i, { size: 20 })
      last = await sendUnmined(w, w.deployer, 'setTokenAllowed', [token, true], nonce++)
    }
    if (last) await w.publicClient.waitForTransactionReceipt({ hash: last })
    const count = await w.publicClient.readContract({
      address: w.market,
      abi: WeftMarket.abi,
      functionName: 'tokenCount',
    })
    expect(count).toBe(255)
    await expectRevert(
      w.sendMarket(w.deployer, 'setTokenAllowed', [w.stranger.address, true]),
      'TooManyTokens',
    )
    await w.sendMarket(w.deployer, 'setTokenAllowed', [toHex(0x10000, { size: 20 }), false])
  })
})
