import { inArray, lt, lte, sql } from 'drizzle-orm'
import { formatUnits } from 'viem'
import type { Database } from '@/lib/db/database'
import { offers, providerHealth, providers } from '@/lib/db/schema'
import { getGpuModel, resolveGpuModel } from '@/lib/market/gpu-catalog'
import type { ProviderOutcome } from './poll-provider'
import type { AcceptedOffer } from './validate-offers'

const INSERT_CHUNK = 250

/** A token amount in dollars, for a dollar stablecoin with `decimals`: for sorting and filtering only. */
function toUsd(amount: bigint, decimals: number): number {
  return Number(formatUnits(amount, decimals))
}

function offerRow(
  { offer, signature, resources, resourcesSignature, region }: AcceptedOffer,
  extra: { decimals: number; reliability: number | null; stakeUsd: number; seenAt: Date },
) {
  // The signed model is the agent's canonical id or, for an unknown GPU, the name it reported.
  const known = getGpuModel(offer.gpuModel)
  const resolved = known ?? resolveGpuModel(offer.gpuModel, { memoryMiB: offer.vramMiB })
  const model = known ?? ('model' in resolved ? resolved.model : undefined)
  const pricePerHourUsd = toUsd(offer.pricePerHour, extra.decimals)
  return {
    provider: offer.provider,
    offerId: offer.offerId,
    gpuModel: offer.gpuModel,
    gpuModelId: model?.id ?? null,
    gpuName: model?.name ?? offer.gpuModel,
    gpuFamily: model?.family ?? null,
    gpuCount: offer.gpuCount,
    vramMiB: offer.vramMiB,
    cpus: resources.cpus,
    memoryMiB: resources.memoryMiB,
    diskMiB: resources.diskMiB,
    networkMbps: resources.networkMbps,
    resourcesSignature,
    token: offer.token,
    pricePerHour: offer.pricePerHour,
    pricePerHourUsd,
    pricePerGpuHourUsd: pricePerHourUsd / offer.gpuCount,
    minDuration: offer.minDuration,
    maxDuration: offer.maxDuration,
    expiresAt: new Date(Number(offer.expiresAt) * 1000),
    region,
    signature,
    reliability: extra.reliability,
    stakeUsd: extra.stakeUsd,
    seenAt: extra.seenAt,
  }
}

// One window per reliability figure; samples are compared with each provider's own poll time.
const share = (since: string) => sql`(
  select avg(case when h.ok then 1.0 else 0.0 end)::double precision from ${providerHealth} h
  where h.provider = p.address and h.at > v.at - ${since}::interval)`

/**
 * Records a batch of providers' polls in one transaction, in a handful of statements whatever the
 * batch size: their health samples; their status and reliability (share of successful polls over
 * the last hour, and over 7 days when `with7d`); and, for each poll that produced a usable list,
 * that provider's offers replaced (delete + insert), so readers see the old set or the new one,
 * never a mix. A failed poll leaves the provider's previous offers in place: `seenAt` ages them.
 */
export async function recordOutcomes(
  db: Database,
  outcomes: readonly ProviderOutcome[],
  options: { decimals: number; with7d: boolean },
): Promise<void> {
  if (outcomes.length === 0) return
  await db.transaction(async (tx) => {
    await tx
      .insert(providerHealth)
      .values(
        outcomes.map(({ provider, at, ok, latencyMs, error }) => ({ provider, at, ok, latencyMs, error })),
      )
    const values = outcomes.map(
      (o) =>
        sql`(${o.provider}::text, ${o.at.toISOString()}::timestamptz, ${o.ok}::boolean, ${o.latencyMs}::int,
          ${o.error}::text, ${o.refused}::text, ${JSON.stringify(o.dropped)}::jsonb, ${o.offers?.length ?? null}::int)`,
    )
    await tx.execute(sql`
      update ${providers} as p set
        last_polled_at = v.at,
        last_ok_at = case when v.ok then v.at else p.last_ok_at end,
        last_error = v.error,
        latency_ms = v.latency,
        endpoint_refused = v.refused,
        dropped = v.dropped,
        offer_count = coalesce(v.offer_count, p.offer_count),
        reliability_1h = ${share('1 hour')},
        reliability_7d = ${options.with7d ? share('7 days') : sql`p.reliability_7d`}
      from (values ${sql.join(values, sql`, `)})
        as v(address, at, ok, latency, error, refused, dropped, offer_count)
      where p.address = v.address`)

    const listed = outcomes.filter((o) => o.offers !== undefined)
    if (listed.length === 0) return
    const addresses = listed.map((o) => o.provider)
    const known = await tx
      .select({ address: providers.address, reliability: providers.reliability7d, stake: providers.stake })
      .from(providers)
      .where(inArray(providers.address, addresses))
    const byAddress = new Map(known.map((k) => [k.address, k]))
    await tx.delete(offers).where(inArray(offers.provider, addresses))
    const rows = listed.flatMap((o) => {
      const provider = byAddress.get(o.provider)
      if (!provider) return []
      const extra = {
        decimals: options.decimals,
        reliability: provider.reliability,
        stakeUsd: toUsd(provider.stake, options.decimals),
        seenAt: o.at,
      }
      return (o.offers ?? []).map((offer) => offerRow(offer, extra))
    })
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      await tx.insert(offers).values(rows.slice(i, i + INSERT_CHUNK))
  })
}

/** Drops offers past their expiry (whoever served them) and copies reliability and stake to offers. */
export async function sweepOffers(db: Database, now: Date, decimals: number): Promise<void> {
  await db.delete(offers).where(lte(offers.expiresAt, now))
  await db.execute(sql`
    update ${offers} set
      reliability = p.reliability_7d,
      stake_usd = (p.stake / power(10::numeric, ${decimals}::int))::double precision
    from ${providers} p
    where ${offers.provider} = p.address
      and (${offers.reliability} is distinct from p.reliability_7d
        or ${offers.stakeUsd} is distinct from (p.stake / power(10::numeric, ${decimals}::int))::double precision)`)
}

/** Deletes health samples older than `days` (the reliability window plus a margin). */
export async function pruneHealth(db: Database, now: Date, days = 8): Promise<void> {
  await db.delete(providerHealth).where(lt(providerHealth.at, new Date(now.getTime() - days * 86_400_000)))
}
