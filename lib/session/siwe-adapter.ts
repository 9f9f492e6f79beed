'use client'

import { createAuthenticationAdapter } from '@rainbow-me/rainbowkit'
import type { QueryClient } from '@tanstack/react-query'
import { createSiweMessage } from 'viem/siwe'
import { z } from 'zod'
import { ApiFailure } from '@/lib/http/api-failure'
import { marketGet, marketPost, statusSentence } from '@/lib/http/market-client'
import { nonceAnswerSchema, signedInSchema } from './session-key'
import { type SignedIn, sessionQueryKey } from './session-query'

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
      const { nonce } = await marketGet('/api/auth/nonce', nonceAnswerSchema, {
        fallback: statusSentence('Could not get a sign-in nonce'),
      })
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
      let signedIn: SignedIn
      try {
        signedIn = await marketPost('/api/auth/verify', { message, signature }, signedInSchema, {
          fallback: statusSentence('The server refused the sign-in'),
        })
      } catch (error) {
        // An unreachable server is not a refusal: RainbowKit reports the throw and offers a retry.
        if (!(error instanceof ApiFailure) || error.status === 0) throw error
        lastSignInRefusal = error.message
        return false
      }
      lastSignInRefusal = undefined
      queryClient.setQueryData<SignedIn | null>(sessionQueryKey, signedIn)
      return true
    },
    async signOut() {
      // Signing out here goes on whatever the server says: the cache forgets the session regardless.
      await marketPost('/api/auth/logout', {}, z.undefined()).catch(() => undefined)
      queryClient.setQueryData<SignedIn | null>(sessionQueryKey, null)
      // Rentals and anything else read under the old session belong to someone else now.
      await queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === 'me' })
    },
  })
}
