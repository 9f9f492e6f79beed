import { asc } from 'drizzle-orm'
import type { Database } from '@/lib/db/database'
import { providers } from '@/lib/db/schema'
import type { ProviderView } from './provider-view'

export async function listProviders(db: Database): Promise<ProviderView[]> {
  const rows = await db.select().from(providers).orderBy(asc(providers.providerId))
  return rows.map((p) => ({
    address: p.address,
    providerId: p.providerId,
    endpoint: p.endpoint,
    stake: p.stake.toString(),
    registeredAt: p.registeredAt.toISOString(),
    reachable:
      p.lastOkAt !== null && p.lastPolledAt !== null && p.lastOkAt.getTime() === p.lastPolledAt.getTime(),
    endpointRefused: p.endpointRefused,
    lastPolledAt: p.lastPolledAt?.toISOString() ?? null,
    lastOkAt: p.lastOkAt?.toISOString() ?? null,
    lastError: p.lastError,
    latencyMs: p.latencyMs,
    reliability7d: p.reliability7d,
    reliability1h: p.reliability1h,
    offerCount: p.offerCount,
    dropped: p.dropped,
  }))
}

/** What the market knows of an offer's provider: its stake, reliability and how recently it answered. */
export type ProviderRecord = ReturnType<typeof offerProviderRecord> & { offerCount: number }

/** An offer's provider as its record shows beside the offer: stake, reliability, last answer. */
export function offerProviderRecord(p: typeof providers.$inferSelect) {
  return {
    address: p.address,
    endpoint: p.endpoint,
    stake: p.stake.toString(),
    registeredAt: p.registeredAt.toISOString(),
    reliability7d: p.reliability7d,
    reliability1h: p.reliability1h,
    lastOkAt: p.lastOkAt?.toISOString() ?? null,
  }
}
