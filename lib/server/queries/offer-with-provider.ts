import 'server-only'
import { eq } from 'drizzle-orm'
import type { Database } from '@/lib/db/database'
import { providers } from '@/lib/db/schema'
import { getOffer, type OfferRow } from '@/lib/market/offer-list'

export type OfferWithProvider =
  | { kind: 'found'; row: OfferRow; provider: typeof providers.$inferSelect | null }
  | { kind: 'missing' }
  /** Several providers use this offer id; the caller asks which one is meant. */
  | { kind: 'ambiguous'; rows: OfferRow[] }

/**
 * A live offer by id (narrowed to one provider when given) with its provider's row, the one lookup
 * behind both the offer page and GET /api/offers/:id, so the two never disagree on what exists.
 */
export async function findOfferWithProvider(
  db: Database,
  offerId: string,
  provider: string | undefined,
): Promise<OfferWithProvider> {
  const rows = await getOffer(db, offerId, provider)
  const [row] = rows
  if (!row) return { kind: 'missing' }
  if (rows.length > 1) return { kind: 'ambiguous', rows }
  const [record] = await db.select().from(providers).where(eq(providers.address, row.provider))
  return { kind: 'found', row, provider: record ?? null }
}
