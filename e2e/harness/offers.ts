import type { Hex } from 'viem'
import { z } from 'zod'
import type { E2eStackInfo } from '../stack/provided'

const hex = z.custom<Hex>((v) => typeof v === 'string' && /^0x[0-9a-fA-F]*$/.test(v), 'expected hex')
const offerList = z.object({
  offers: z.array(
    z.object({
      offer: z.object({
        provider: hex,
        offerId: hex,
        gpuModel: z.string(),
        gpuCount: z.number(),
        vramMiB: z.number(),
        token: hex,
        pricePerHour: z.string(),
        minDuration: z.number(),
        maxDuration: z.number(),
        expiresAt: z.string(),
      }),
      signature: hex,
      resources: z.object({
        cpus: z.number(),
        memoryMiB: z.number(),
        diskMiB: z.number(),
        networkMbps: z.number(),
      }),
      resourcesSignature: hex,
      gpuName: z.string(),
    }),
  ),
})
export type ListedOffer = z.infer<typeof offerList>['offers'][number]

/** The agent behind a demo fleet, by its name in demo-fleets.ts. */
export function agentNamed(stack: E2eStackInfo, name: string) {
  const agent = stack.agents.find((a) => a.name === name)
  if (!agent) throw new Error(`no agent named ${name} in the e2e stack`)
  return agent
}

/**
 * A live offer from `fleet` for `gpus` GPUs (of `gpuModel`, when named) that stays valid at least
 * `validForSeconds`, from the market's API (what the marketplace lists), with the path of its page:
 * the one that lives longest, or with `soonest` the one that expires first.
 */
export async function liveOffer(
  stack: E2eStackInfo,
  fleet: string,
  gpus: number,
  validForSeconds = 0,
  pick: 'longest' | 'soonest' = 'longest',
  gpuModel?: string,
): Promise<ListedOffer & { path: string }> {
  const provider = agentNamed(stack, fleet).provider
  const q = encodeURIComponent(`provider=${provider} gpus=${gpus}`)
  const deadline = Date.now() + 60_000
  for (;;) {
    const response = await fetch(`${stack.appUrl}/api/offers?q=${q}&limit=50`)
    const { offers } = offerList.parse(await response.json())
    const now = Date.now() / 1000
    const fresh = offers
      .filter(
        (o) =>
          o.offer.gpuCount === gpus &&
          (gpuModel === undefined || o.offer.gpuModel === gpuModel) &&
          Number(o.offer.expiresAt) - now >= validForSeconds,
      )
      .sort(
        (a, b) => (Number(b.offer.expiresAt) - Number(a.offer.expiresAt)) * (pick === 'longest' ? 1 : -1),
      )[0]
    if (fresh) {
      return { ...fresh, path: `/offers/${fresh.offer.offerId}?provider=${fresh.offer.provider}` }
    }
    if (Date.now() > deadline)
      throw new Error(`no offer of ${gpus} ${gpuModel ?? 'GPU'}(s) from ${fleet} valid ${validForSeconds} s`)
    await new Promise((r) => setTimeout(r, 1000))
  }
}
