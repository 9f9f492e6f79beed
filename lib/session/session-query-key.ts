/**
 * The query cache key of the session, in a module of its own: the root layout's first paint seeds
 * the cache with it, and must not bring the session's schemas (zod, address checks) along.
 */
export const sessionQueryKey = ['auth', 'session'] as const
