import type { Database } from '@/lib/db/database'
import { offers, providers } from '@/lib/db/schema'
import { getGpuModel } from '@/lib/market/gpu-catalog'

/** Models and typical prices per GPU-hour (USD) used to make sample offers for tests and benchmarks. */
const MODELS: [string, number][] = [
  ['H100-SXM-80GB', 2.4],
  ['H200-SXM-141GB', 3.2],
  ['A100-SXM-80GB', 1.3],
  ['L40S-PCIE-48GB', 0.8],
  ['RTX-4090-PCIE-24GB', 0.35],
  ['RTX-3090-PCIE-24GB', 0.22],
  ['L4-PCIE-24GB', 0.4],
]
const REGIONS = ['EU-Central', 'EU-West', 'US-East', 'US-West', 'AP-Southeast']

/** A small deterministic generator, so sample data is the same every run. */
function generator(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0
    return state / 2 ** 32
  }
}

/**
 * Inserts `count` plausible offers from `providerCount` providers (test and benchmark data only:
 * the signatures are placeholders, these rows never come from an agent).
 */
export async function insertSampleOffers(
  db: Database,
  count: number,
  options: { providerCount?: number; seed?: number; now?: Date } = {},
) {
  const random = generator(options.seed ?? 1)
  const now = options.now ?? new Date()
  const providerCount = options.providerCount ?? Math.max(1, Math.ceil(count / 10))
  const addresses = Array.from(
    { length: providerCount },
    (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`,
  )
  await db.insert(providers).values(
    addresses.map((address, i) => ({
      address,
      providerId: i + 1,
      endpoint: `https://provider-${i + 1}.example.com`,
      stake: BigInt(Math.round(100 + random() * 900)) * 1_000_000n,
      registeredAt: now,
      updatedBlock: 1n,
      reliability7d: 0.8 + random() * 0.2,
      offerCount: 0,
    })),
  )
  const rows = Array.from({ length: count }, (_, i) => {
    const [modelId, base] = MODELS[Math.floor(random() * MODELS.length)] ?? MODELS[0] ?? ['H100-SXM-80GB', 2]
    const model = getGpuModel(modelId)
    const gpuCount = [1, 2, 4, 8][Math.floor(random() * 4)] ?? 1
    const perGpu = Math.round(base * (0.7 + random() * 0.6) * 100) / 100
    const provider = addresses[i % providerCount] ?? addresses[0] ?? '0x'
    // A provider's access and runner are the same for all its offers; taken from its index, not
    // from random(), so the other figures stay what they were.
    const host = i % providerCount
    // A host's CPU, memory and disk shared out per GPU, as agents do (agent/core/offer-book.ts).
    const coresPerGpu = [4, 8, 16, 24][Math.floor(random() * 4)] ?? 8
    const memoryGiBPerGpu = [32, 64, 128, 256][Math.floor(random() * 4)] ?? 64
    const diskGiBPerGpu = [100, 250, 500, 1000][Math.floor(random() * 4)] ?? 250
    return {
      provider,
      offerId: `0x${(i + 1).toString(16).padStart(64, '0')}`,
      gpuModel: modelId,
      gpuModelId: modelId,
      gpuName: model?.name ?? modelId,
      gpuFamily: model?.family ?? null,
      gpuCount,
      vramMiB: (model?.memoryMiB ?? 24_576) - 400,
      cpus: coresPerGpu * gpuCount,
      memoryMiB: memoryGiBPerGpu * 1024 * gpuCount,
      diskMiB: diskGiBPerGpu * 1024 * gpuCount,
      networkMbps: [0, 1000, 10_000][Math.floor(random() * 3)] ?? 0,
      // Every provider serves the browser's ways in (terminal, ports, files); every other one SSH too.
      access: host % 2 === 0 ? 0b1111 : 0b1110,
      isolation: host % 3 === 2 ? 'sandbox' : 'container',
      resourcesSignature: `0x${'00'.repeat(65)}`,
      token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      pricePerHour: BigInt(Math.round(perGpu * gpuCount * 1_000_000)),
      pricePerHourUsd: Math.round(perGpu * gpuCount * 1_000_000) / 1_000_000,
      pricePerGpuHourUsd: perGpu,
      minDuration: 60,
      maxDuration: [3600, 86_400, 7 * 86_400][Math.floor(random() * 3)] ?? 86_400,
      expiresAt: new Date(now.getTime() + 300_000),
      region: REGIONS[Math.floor(random() * REGIONS.length)] ?? 'EU-Central',
      signature: `0x${'00'.repeat(65)}`,
      reliability: 0.8 + random() * 0.2,
      stakeUsd: 100 + Math.floor(random() * 900),
      seenAt: now,
    }
  })
  for (let i = 0; i < rows.length; i += 1000) await db.insert(offers).values(rows.slice(i, i + 1000))
  return { providers: addresses, offers: rows }
}
