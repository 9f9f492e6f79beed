import { asc, desc, eq, type SQL, sql } from 'drizzle-orm'
import { accessKinds, type Isolation, isIsolation } from '@/lib/chain/offer-access'
import type { Database } from '@/lib/db/database'
import { offers } from '@/lib/db/schema'
import type { Filter } from './filter-grammar'
import { filterCondition, SORTABLE } from './offer-query'
import type { OfferPage, OfferView } from './offer-view'

export class CursorError extends Error {}

const STALE_MS = 60_000
export type OfferRow = typeof offers.$inferSelect

/** Only checked runners are stored; anything else reads as the least isolated, never as more. */
const isolationOf = (stored: string): Isolation => (isIsolation(stored) ? stored : 'process')

export function toOfferView(row: OfferRow, now: Date): OfferView {
  return {
    offer: {
      provider: row.provider,
      offerId: row.offerId,
      gpuModel: row.gpuModel,
      gpuCount: row.gpuCount,
      vramMiB: row.vramMiB,
      token: row.token,
      pricePerHour: row.pricePerHour.toString(),
      minDuration: row.minDuration,
      maxDuration: row.maxDuration,
      expiresAt: Math.floor(row.expiresAt.getTime() / 1000).toString(),
    },
    signature: row.signature,
    resources: {
      cpus: row.cpus,
      memoryMiB: row.memoryMiB,
      diskMiB: row.diskMiB,
      networkMbps: row.networkMbps,
      access: accessKinds(row.access),
      isolation: isolationOf(row.isolation),
    },
    resourcesSignature: row.resourcesSignature,
    gpuModelId: row.gpuModelId,
    gpuName: row.gpuName,
    region: row.region,
    pricePerHourUsd: row.pricePerHourUsd,
    pricePerGpuHourUsd: row.pricePerGpuHourUsd,
    reliability: row.reliability,
    stakeUsd: row.stakeUsd,
    seenAt: row.seenAt.toISOString(),
    stale: now.getTime() - row.seenAt.getTime() > STALE_MS,
  }
}

function decodeCursor(cursor: string, field: string, order: string): [number, string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 5 && value[0] === field && value[1] === order) {
      const [, , v, provider, offerId] = value
      if (typeof v === 'number' && typeof provider === 'string' && typeof offerId === 'string')
        return [v, provider, offerId]
    }
  } catch {
    // falls through to the error below
  }
  throw new CursorError('cursor is not one this listing issued (or the sort changed): start again without it')
}

/**
 * One page of live offers matching `filter`, sorted (price per GPU-hour by default) with keyset
 * pagination, plus the total and facet counts (per GPU model and region) of the whole match.
 */
export async function listOffers(
  db: Database,
  query: { filter: Filter; limit: number; cursor?: string },
  now = new Date(),
): Promise<OfferPage> {
  const field = query.filter.sort?.field ?? 'gpuprice'
  const order = query.filter.sort?.order ?? 'asc'
  const { column } = SORTABLE[field]
  const key = field === 'reliability' ? sql`coalesce(${column}, 0)` : sql`${column}`
  const where = await filterCondition(db, query.filter, now)
  let page: SQL = where
  if (query.cursor) {
    const [v, provider, offerId] = decodeCursor(query.cursor, field, order)
    const cmp = order === 'asc' ? sql`>` : sql`<`
    page = sql`${where} and (${key}, ${offers.provider}, ${offers.offerId}) ${cmp} (${v}, ${provider}, ${offerId})`
  }
  const direction = order === 'asc' ? asc : desc
  const [rows, groups] = await Promise.all([
    db
      .select()
      .from(offers)
      .where(page)
      .orderBy(direction(key), direction(offers.provider), direction(offers.offerId))
      .limit(query.limit + 1),
    // Total and both facets in one scan.
    db
      .select({
        gpuModel: offers.gpuModel,
        gpuName: sql<string>`min(${offers.gpuName})`,
        region: offers.region,
        count: sql<number>`count(*)::int`,
        byModel: sql<number>`grouping(${offers.region})`,
        byRegion: sql<number>`grouping(${offers.gpuModel})`,
      })
      .from(offers)
      .where(where)
      .groupBy(sql`grouping sets ((${offers.gpuModel}), (${offers.region}), ())`),
  ])
  const totalRow = groups.find((g) => Number(g.byModel) === 1 && Number(g.byRegion) === 1)
  const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count
  const gpu = groups
    .filter((g) => Number(g.byModel) === 1 && Number(g.byRegion) === 0)
    .map((g) => ({ gpuModel: g.gpuModel, gpuName: g.gpuName, count: Number(g.count) }))
    .sort(byCount)
  const region = groups
    .filter((g) => Number(g.byRegion) === 1 && Number(g.byModel) === 0)
    .map((g) => ({ region: g.region, count: Number(g.count) }))
    .sort(byCount)
  const more = rows.length > query.limit
  const visible = rows.slice(0, query.limit)
  const last = visible.at(-1)
  const lastKey = last ? Number(field === 'reliability' ? (last.reliability ?? 0) : last[keyOf(field)]) : 0
  return {
    offers: visible.map((row) => toOfferView(row, now)),
    next:
      more && last
        ? Buffer.from(JSON.stringify([field, order, lastKey, last.provider, last.offerId])).toString(
            'base64url',
          )
        : null,
    total: Number(totalRow?.count ?? 0),
    facets: { gpu, region },
    sort: { field, order },
  }
}

const KEYS = {
  gpus: 'gpuCount',
  price: 'pricePerHourUsd',
  gpuprice: 'pricePerGpuHourUsd',
  vram: 'vramMiB',
  cpus: 'cpus',
  ram: 'memoryMiB',
  disk: 'diskMiB',
  reliability: 'reliability',
  duration: 'maxDuration',
  stake: 'stakeUsd',
} as const
const keyOf = (field: keyof typeof KEYS) => KEYS[field]

export async function getOffer(db: Database, offerId: string, provider?: string): Promise<OfferRow[]> {
  const rows = await db.select().from(offers).where(eq(offers.offerId, offerId))
  return provider ? rows.filter((r) => r.provider.toLowerCase() === provider.toLowerCase()) : rows
}
