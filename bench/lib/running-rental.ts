/**
 * For the browser benchmarks: a renter's running rental on a local stack, and that renter's
 * Sign-In with Ethereum session, earned over HTTP exactly as the page's sign-in earns it.
 */
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createSiweMessage } from 'viem/siwe'
import { chainReader, e2eChain } from '../../e2e/harness/chain'
import { liveOffer } from '../../e2e/harness/offers'
import { chainRenter } from '../../e2e/harness/rent-on-chain'
import type { E2eStackInfo } from '../../e2e/stack/provided'
import { RentalStatus } from '../../lib/chain/rental-status'

/** Rents one GPU of `fleet` for an hour straight on the chain and waits until its provider starts it. */
export async function startRunningRental(stack: E2eStackInfo, key: Hex, fleet: string): Promise<bigint> {
  const listed = await liveOffer(stack, fleet, 1, 120)
  const seconds = Math.min(Math.max(3600, listed.offer.minDuration), listed.offer.maxDuration)
  const { id } = await chainRenter(stack, key).rent(listed, seconds, {
    command: ['sh', '-c', 'echo started; sleep 3600'],
    env: {},
    onExit: 'finish',
  })
  const chain = chainReader(stack.rpcUrl, stack)
  const deadline = Date.now() + 90_000
  while ((await chain.rental(id)).status !== RentalStatus.Running) {
    if (Date.now() > deadline) throw new Error(`the provider never started rental ${id}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  return id
}

/** The `name=value` pairs of a response's Set-Cookie headers. */
function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.split(';')[0] ?? '')
}

/**
 * Signs in as `key`'s address (nonce, EIP-4361 message for the app's origin, signature, verify)
 * and returns the Cookie header value that carries the new session.
 */
export async function signInCookie(appUrl: string, key: Hex): Promise<string> {
  const origin = new URL(appUrl)
  const nonceResponse = await fetch(`${appUrl}/api/auth/nonce`)
  if (!nonceResponse.ok) throw new Error(`GET /api/auth/nonce answered ${nonceResponse.status}`)
  const visitor = cookiePairs(nonceResponse)
  const { nonce } = (await nonceResponse.json()) as { nonce: string }
  const account = privateKeyToAccount(key)
  const now = new Date()
  const message = createSiweMessage({
    scheme: origin.protocol.replace(':', ''),
    domain: origin.host,
    uri: origin.origin,
    address: account.address,
    chainId: e2eChain.id,
    nonce,
    version: '1',
    statement: 'Sign in to Weft to rent GPUs and see your rentals.',
    issuedAt: now,
    expirationTime: new Date(now.getTime() + 5 * 60_000),
  })
  const signature = await account.signMessage({ message })
  const verify = await fetch(`${appUrl}/api/auth/verify`, {
    method: 'POST',
    headers: { origin: origin.origin, 'content-type': 'application/json', cookie: visitor.join('; ') },
    body: JSON.stringify({ message, signature }),
  })
  if (!verify.ok) throw new Error(`sign-in refused (${verify.status}): ${await verify.text()}`)
  return [...visitor, ...cookiePairs(verify)].join('; ')
}

/** Whether the session behind `cookie` is still signed in (the page did not end it). */
export async function stillSignedIn(appUrl: string, cookie: string): Promise<boolean> {
  const response = await fetch(`${appUrl}/api/auth/session`, { headers: { cookie } })
  return response.ok && (await response.json()) !== null
}
