import type { Address } from 'viem'

/** Who is signed in with SIWE, as the market server sees it; null when nobody is. */
export type SignedIn = { address: Address; chainId: number }

/** The query cache key of the session (its own module: the first paint seeds it without the hook). */
export const sessionQueryKey = ['auth', 'session'] as const
