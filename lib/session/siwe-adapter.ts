'use client'

import { createAuthenticationAdapter } from '@rainbow-me/rainbowkit'
import type { QueryClient } from '@tanstack/react-query'
import { createSiweMessage } from 'viem/siwe'
import { reasonOf, type SignedIn, sessionQueryKey } from './session-query'

/** How long a signed sign-in message stays usable; the server's nonce lives ten minutes. */
const MESSAGE_TTL_MS = 5 * 60_000

/** The last reason the server refused a sign-in, for the page to show beside RainbowKit's retry. */
export let lastSignInRefusal: string | undefined

/**
 * RainbowKit's authentication adapter over the market server's SIWE routes: the nonce is bound to
 * this browser by an httpOnly cookie, the message names this site's host and origin, and the
 * session cookie it earns is httpOnly too. The shared query cache learns the result at once.
 */
export function siweAdapter(queryClient: QueryClient) {
  return createAuthenticationAdapter<string>({
    async getNonce() {
      const response = await fetch('/api/auth/nonce', { cache: 'no-store', credentials: 'same-origin' })
      if (!response.ok) throw new Error(await reasonOf(response, 'Could not get a sign-in nonce'))
      const { nonce } = (await response.json()) as { nonce: string }
      return nonce
    },
    createMessage({ nonce, address, chainId }) {
      const now = new Date()
      return createSiweMessage({
        scheme: window.location.protocol.replace(':', ''),
        domain: window.location.host,
        uri: window.location.origin,
        address,
        chainId,
        nonce,
        version: '1',
        statement:
          'Sign in to Weft to rent GPUs and see your rentals. This costs nothing and sends no transaction.',
        issuedAt: now,
        expirationTime: new Date(now.getTime() + MESSAGE_TTL_MS),
      })
    },
    async verify({ message, signature }) {
      const response = await fetch('/api/auth/verify', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message, signature }),
      })
      if (!response.ok) {
        lastSignInRefusal = await reasonOf(response, 'The server refused the sign-in')
        return false
      }
      lastSignInRefusal = undefined
      queryClient.setQueryData<SignedIn | null>(sessionQueryKey, (await response.json()) as SignedIn)
      return true
    },
    async signOut() {
      await fetch('/api/auth/logout', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }).catch(() => undefined)
      queryClient.setQueryData<SignedIn | null>(sessionQueryKey, null)
      // Rentals and anything else read under the old session belong to someone else now.
      await queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === 'me' })
    },
  })
}
