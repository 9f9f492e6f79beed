'use client'

import { useCallback, useEffect, useRef, useState } from 'react'
import type { Address } from 'viem'
import { useAccount, useSignMessage } from 'wagmi'
import type { AgentRequestSigner } from '@/lib/agent-auth/request-signing'
import {
  type AccessTokenCache,
  createAccessTokenCache,
  TOKEN_RENEW_MARGIN_SECONDS,
} from './access-token-cache'
import { type AccessToken, requestAccessToken } from './agent-access'
import { accessProblem } from './agent-access-errors'

/**
 * The renter's access token for one rental at its provider's agent: one wallet signature buys it,
 * and it is reused until a minute before it expires; after that the panel asks to sign again.
 */
export function useAccessToken(endpoint: string, id: string) {
  const { address } = useAccount()
  const { signMessageAsync } = useSignMessage()
  const signer = useRef<AgentRequestSigner | null>(null)
  useEffect(() => {
    signer.current = address
      ? { address: address as Address, signMessage: ({ message }) => signMessageAsync({ message }) }
      : null
  }, [address, signMessageAsync])

  const [cache] = useState<AccessTokenCache>(() =>
    createAccessTokenCache(() => {
      if (!signer.current) return Promise.reject(new Error('Connect the renter’s wallet first.'))
      return requestAccessToken({ endpoint, id, signer: signer.current })
    }),
  )
  const [token, setToken] = useState<AccessToken | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  const unlock = useCallback(async () => {
    setPending(true)
    setProblem(null)
    try {
      setToken(await cache.get())
    } catch (error) {
      setProblem(accessProblem(error))
    } finally {
      setPending(false)
    }
  }, [cache])

  /** The agent refused the token (expired early, agent restarted with a new secret): sign again. */
  const refused = useCallback(
    (message: string) => {
      cache.clear()
      setToken(null)
      setProblem(message)
    },
    [cache],
  )

  // Shown as locked again once the token is within the renewal margin of its expiry.
  useEffect(() => {
    if (!token) return
    const ms = (token.expiresAt - TOKEN_RENEW_MARGIN_SECONDS) * 1000 - Date.now()
    const timer = setTimeout(() => setToken(null), Math.max(ms, 0))
    return () => clearTimeout(timer)
  }, [token])

  return { address, token, pending, problem, unlock, refused, get: cache.get }
}
