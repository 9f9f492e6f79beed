import { formatAgo } from '@/lib/format/duration'
import { FORMAT_LOCALE } from '@/lib/format/locale'
import type { ProviderView } from '@/lib/market/provider-view'

/** What the console reads of a provider in `GET /api/providers`: how the market's polls of its agent went. */
export type MarketProvider = Omit<ProviderView, 'providerId' | 'stake' | 'registeredAt'>

/** The entry for `address` in the provider list, or null when the market does not list it yet. */
export function findMarketProvider(list: { providers: readonly MarketProvider[] }, address: string) {
  return list.providers.find((p) => p.address.toLowerCase() === address.toLowerCase()) ?? null
}

export type AgentHealth = {
  tone: 'ok' | 'warning' | 'error' | 'unknown'
  headline: string
  details: string[]
}

const percent = (share: number | null) =>
  share === null
    ? 'not measured yet'
    : `${(share * 100).toLocaleString(FORMAT_LOCALE, { maximumFractionDigits: 1 })} %`

/** The agent's health as the market sees it, in sentences a provider can act on. */
export function describeAgentHealth(provider: MarketProvider | null, now: Date): AgentHealth {
  if (!provider)
    return {
      tone: 'unknown',
      headline: 'The market has not picked up this registration yet.',
      details: ['It reads new providers from the chain and polls them within a minute or so.'],
    }
  const details = [
    `Reliability: ${percent(provider.reliability1h)} over the last hour, ${percent(provider.reliability7d)} over 7 days.`,
  ]
  const offers = `${provider.offerCount} offer${provider.offerCount === 1 ? '' : 's'} listed`
  for (const { reason, count } of provider.dropped)
    details.push(`${count} offer${count === 1 ? '' : 's'} dropped: ${reason}.`)
  if (provider.endpointRefused)
    return {
      tone: 'error',
      headline: `The market refuses to poll this endpoint: ${provider.endpointRefused}.`,
      details: [
        'Register a public https endpoint (update it below) and the next poll will pick it up.',
        ...details,
      ],
    }
  if (!provider.lastPolledAt)
    return { tone: 'unknown', headline: 'The market has not polled this agent yet.', details }
  if (provider.reachable) {
    const latency = provider.latencyMs === null ? '' : ` in ${provider.latencyMs} ms`
    return {
      tone: provider.offerCount > 0 ? 'ok' : 'warning',
      headline: `Online: answered the last poll ${formatAgo(new Date(provider.lastPolledAt), now)}${latency}, ${offers}.`,
      details:
        provider.offerCount > 0
          ? details
          : ['Renters see no offers from this agent: check its GPUs and prices.', ...details],
    }
  }
  const lastOk = provider.lastOkAt
    ? `last answered ${formatAgo(new Date(provider.lastOkAt), now)}`
    : 'never answered'
  return {
    tone: 'error',
    headline: `Unreachable: the last poll (${formatAgo(new Date(provider.lastPolledAt), now)}) failed, ${lastOk}.`,
    details: [
      ...(provider.lastError ? [`Error: ${provider.lastError}.`] : []),
      'Renters cannot rent from an agent the market cannot reach: check that “weft-agent serve” runs and that the endpoint is reachable from the internet.',
      ...details,
    ],
  }
}
