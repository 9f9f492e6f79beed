import type { AccessToken } from './agent-access'

/** A token is renewed this long before it expires, so no request or reconnect carries a dying one. */
export const TOKEN_RENEW_MARGIN_SECONDS = 60

export type AccessTokenCache = {
  /** A token good for at least the margin: the cached one, or a new one (one wallet prompt). */
  get(): Promise<AccessToken>
  /** The cached token while it is good for at least the margin; never prompts. */
  current(): AccessToken | null
  /** Forget the token (the agent refused it). */
  clear(): void
}

/**
 * Reuses one access token until near its expiry. Callers asking at once share one request, so a
 * page opening the terminal, the ports and the files at the same moment prompts the wallet once.
 */
export function createAccessTokenCache(
  request: () => Promise<AccessToken>,
  now: () => number = Date.now,
): AccessTokenCache {
  let token: AccessToken | null = null
  let pending: Promise<AccessToken> | null = null
  const fresh = (t: AccessToken | null) =>
    t !== null && t.expiresAt - Math.floor(now() / 1000) > TOKEN_RENEW_MARGIN_SECONDS ? t : null
  return {
    current: () => fresh(token),
    get() {
      const good = fresh(token)
      if (good) return Promise.resolve(good)
      pending ??= request()
        .then((answer) => {
          token = answer
          return answer
        })
        .finally(() => {
          pending = null
        })
      return pending
    },
    clear() {
      token = null
    },
  }
}
