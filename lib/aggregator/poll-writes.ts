import { lt, lte, sql } from 'drizzle-orm'
import { formatUnits } from 'viem'
import { accessBits } from '@/lib/chain/offer-access'
import type { Database } from '@/lib/db/database'
import { offers, providerHealth, providers } from '@/lib/db/schema'
import { getGpuModel, resolveGpuModel } from '@/lib/market/gpu-catalog'
import type { ProviderOutcome } from './poll-provider'
import type { AcceptedOffer } from './validate-offers'

/** A token amount in dollars, for a dollar stablecoin with `decimals`: for sorting and filtering only. */
function toUsd(amount: bigint, decimals: number): number {
  return Number(formatUnits(amount, decimals))
}

/** An accepted offer as a row of `offers`, less what the provider's record adds (stake, reliability). */
function offerRow(
  { offer, signature, resources, resourcesSignature, region }: AcceptedOffer,
  decimals: number,
  seenAt: Date,
) {
  // The signed model is the agent's canonical id or, for an unknown GPU, the name it reported.
  const known = getGpuModel(offer.gpuModel)
  const resolved = known ?? resolveGpuModel(offer.gpuModel, { memoryMiB: offer.vramMiB })
  const model = known ?? ('model' in resolved ? resolved.model : undefined)
  const pricePerHourUsd = toUsd(offer.pricePerHour, decimals)
  return {
    provider: offer.provider,
    offer_id: offer.offerId,
    gpu_model: offer.gpuModel,
    gpu_model_id: model?.id ?? null,
    gpu_name: model?.name ?? offer.gpuModel,
    gpu_family: model?.family ?? null,
    gpu_count: offer.gpuCount,
    vram_mib: offer.vramMiB,
    cpus: resources.cpus,
    memory_mib: resources.memoryMiB,
    disk_mib: resources.diskMiB,
    network_mbps: resources.networkMbps,
    access: accessBits(resources.access),
    isolation: resources.isolation,
    resources_signature: resourcesSignature,
    token: offer.token,
    price_per_hour: offer.pricePerHour.toString(),
    price_per_hour_usd: pricePerHourUsd,
    price_per_gpu_hour_usd: pricePerHourUsd / offer.gpuCount,
    min_duration: offer.minDuration,
    max_duration: offer.maxDuration,
    expires_at: new Date(Number(offer.expiresAt) * 1000).toISOString(),
    region,
    signature,
    seen_at: seenAt.toISOString(),
  }
}

/** Rows as one JSON parameter: a statement's cost no longer grows with its parameter count. */
const rowsOf = (rows: readonly object[]) => sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)`

// One window per reliability figure; samples are compared with each provider's own poll time.
const share = (since: string) => sql`(
  select avg(case when h.ok then 1.0 else 0.0 end)::double precision from ${providerHealth} h
  where h.provider = p.address and h.at > v.at - ${since}::interval)`

/**
 * Records a batch of providers' polls in one transaction, in four statements whatever the batch
 * size, each taking its rows as one JSON parameter: their health samples; their status and
 * reliability (share of successful polls over the last hour, and over 7 days when `with7d`); and,
 * for each poll that produced a usable list, that provider's offers replaced (delete + insert,
 * with the provider's stake and reliability joined in), so readers see the old set or the new
 * one, never a mix. A failed poll leaves the provider's previous offers in place: `seenAt` ages them.
 */
export async function recordOutcomes(
  db: Database,
  outcomes: readonly ProviderOutcome[],
  options: { decimals: number; with7d: boolean },
): Promise<void> {
  if (outcomes.length === 0) return
  const polls = outcomes.map((o) => ({
    address: o.provider,
    at: o.at.toISOString(),
    ok: o.ok,
    latency_ms: o.latencyMs,
    error: o.error,
    refused: o.refused,
    dropped: o.dropped,
    offer_count: o.offers?.length ?? null,
  }))
  const listed = outcomes.filter((o) => o.offers !== undefined)
  const rows = listed.flatMap((o) => (o.offers ?? []).map((offer) => offerRow(offer, options.decimals, o.at)))
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into ${providerHealth} (provider, at, ok, latency_ms, error)
      select address, at, ok, latency_ms, error
      from ${rowsOf(polls)} as v(address text, at timestamptz, ok boolean, latency_ms int, error text)`)
    await tx.execute(sql`
      update ${providers} as p set
        last_polled_at = v.at,
        last_ok_at = case when v.ok then v.at else p.last_ok_at end,
        last_error = v.error,
        latency_ms = v.latency_ms,
        endpoint_refused = v.refused,
        dropped = v.dropped,
        offer_count = coalesce(v.offer_count, p.offer_count),
        reliability_1h = ${share('1 hour')},
        reliability_7d = ${options.with7d ? share('7 days') : sql`p.reliability_7d`}
      from ${rowsOf(polls)} as v(address text, at timestamptz, ok boolean, latency_ms int, error text,
        refused text, dropped jsonb, offer_count int)
      where p.address = v.address`)
    if (listed.length === 0) return
    const addresses = JSON.stringify(listed.map((o) => o.provider))
    await tx.execute(sql`
      delete from ${offers}
      where provider in (select jsonb_array_elements_text(${addresses}::jsonb))`)
    if (rows.length === 0) return
    await tx.execute(sql`
      insert into ${offers} (provider, offer_id, gpu_model, gpu_model_id, gpu_name, gpu_family, gpu_count,
        vram_mib, cpus, memory_mib, disk_mib, network_mbps, access, isolation, resources_signature, token,
        price_per_hour, price_per_hour_usd, price_per_gpu_hour_usd, min_duration, max_duration, expires_at, region,
        signature, reliability, stake_usd, seen_at)
      select o.provider, o.offer_id, o.gpu_model, o.gpu_model_id, o.gpu_name, o.gpu_family, o.gpu_count,
        o.vram_mib, o.cpus, o.memory_mib, o.disk_mib, o.network_mbps, o.access, o.isolation,
        o.resources_signature, o.token,
        o.price_per_hour, o.price_per_hour_usd, o.price_per_gpu_hour_usd, o.min_duration, o.max_duration,
        o.expires_at, o.region, o.signature, p.reliability_7d,
        (p.stake / power(10::numeric, ${options.decimals}::int))::double precision, o.seen_at
      from ${rowsOf(rows)} as o(provider text, offer_id text, gpu_model text, gpu_model_id text,
        gpu_name text, gpu_family text, gpu_count int, vram_mib int, cpus int, memory_mib int,
        disk_mib int, network_mbps int, access int, isolation text, resources_signature text, token text, price_per_hour numeric,
        price_per_hour_usd double precision, price_per_gpu_hour_usd double precision, min_duration int,
        max_duration int, expires_at timestamptz, region text, signature text, seen_at timestamptz)
      join ${providers} p on p.address = o.provider`)
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
