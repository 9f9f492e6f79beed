import { and, gt, sql } from 'drizzle-orm'
import type { Database } from '@/lib/db/database'
import { offers } from '@/lib/db/schema'

export type ModelStats = {
  gpuModel: string
  gpuModelId: string | null
  gpuName: string
  offers: number
  gpusAvailable: number
  minPerGpuHourUsd: number
  medianPerGpuHourUsd: number
  maxPerGpuHourUsd: number
}

/**
 * Per GPU model, over live offers: how many offers, how many GPUs (the largest offer of each
 * provider, since a provider's splits overlap the same GPUs), and min / median / max price per GPU-hour.
 */
export async function marketStats(db: Database, now = new Date()): Promise<ModelStats[]> {
  const live = and(gt(offers.expiresAt, now))
  const perProvider = db
    .select({
      provider: offers.provider,
      gpuModel: offers.gpuModel,
      gpus: sql<number>`max(${offers.gpuCount})`.as('gpus'),
    })
    .from(offers)
    .where(live)
    .groupBy(offers.provider, offers.gpuModel)
    .as('per_provider')
  const [priced, capacity] = await Promise.all([
    db
      .select({
        gpuModel: offers.gpuModel,
        gpuModelId: sql<string | null>`min(${offers.gpuModelId})`,
        gpuName: sql<string>`min(${offers.gpuName})`,
        offers: sql<number>`count(*)::int`,
        min: sql<number>`min(${offers.pricePerGpuHourUsd})`,
        median: sql<number>`percentile_cont(0.5) within group (order by ${offers.pricePerGpuHourUsd})`,
        max: sql<number>`max(${offers.pricePerGpuHourUsd})`,
      })
      .from(offers)
      .where(live)
      .groupBy(offers.gpuModel),
    db
      .select({ gpuModel: perProvider.gpuModel, gpus: sql<number>`sum(${perProvider.gpus})::int` })
      .from(perProvider)
      .groupBy(perProvider.gpuModel),
  ])
  const gpusByModel = new Map(capacity.map((c) => [c.gpuModel, Number(c.gpus)]))
  return priced
    .map((p) => ({
      gpuModel: p.gpuModel,
      gpuModelId: p.gpuModelId,
      gpuName: p.gpuName,
      offers: Number(p.offers),
      gpusAvailable: gpusByModel.get(p.gpuModel) ?? 0,
      minPerGpuHourUsd: Number(p.min),
      medianPerGpuHourUsd: Number(p.median),
      maxPerGpuHourUsd: Number(p.max),
    }))
    .sort((a, b) => b.gpusAvailable - a.gpusAvailable || a.gpuName.localeCompare(b.gpuName))
}
