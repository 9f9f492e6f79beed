/**
 * Offers change only when the aggregator polls providers (every few seconds), so the server reuses
 * what it read of them: an answer is fresh for OFFERS_FRESH_MS after it was read, and for
 * OFFERS_STALE_MS more it is still served while one refresh runs. /api/offers, the marketplace page
 * and the page a first visit gets (regenerated in the background) all follow this one rule, so no
 * visitor is ever shown offers older than OFFERS_MAX_AGE_MS, the most the API itself would answer.
 */
export const OFFERS_FRESH_MS = 2000
export const OFFERS_STALE_MS = 5000
export const OFFERS_MAX_AGE_MS = OFFERS_FRESH_MS + OFFERS_STALE_MS
