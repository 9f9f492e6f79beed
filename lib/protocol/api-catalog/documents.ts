import { jobSpecSchema } from '@/lib/jobs/job-spec'
import { AGENT_ROUTES } from './agent-routes'
import { jsonFence } from './generated-blocks'
import { MARKET_ROUTES } from './market-routes'
import { jsonSchemaOf, openApiDocument } from './openapi'
import { routesMarkdown } from './route-markdown'

/** Where the generated documents live, from the repository root. */
export const OPENAPI_FILES = { agent: 'docs/openapi/agent.json', market: 'docs/openapi/market.json' } as const
export const PROTOCOL_FILE = 'PROTOCOL.md'

export function agentOpenApi() {
  return openApiDocument(
    {
      title: 'Weft provider agent',
      version: '1',
      description:
        'The HTTP API a provider’s agent serves at its registered endpoint: public market data, and per-rental routes for the rental’s renter and the market operator, each request signed (PROTOCOL.md, “Agent API”). Every error is `{ error: { code, message } }`; any other method on a known path answers 405 with `allow`.',
    },
    AGENT_ROUTES,
  )
}

export function marketOpenApi() {
  return openApiDocument(
    {
      title: 'Weft market',
      version: '1',
      description:
        'The market server’s HTTP API: offers, providers, sign-in, and a signed-in account’s rentals (PROTOCOL.md, “Market API”). Every error is `{ error: { code, message } }`, some with more fields.',
    },
    MARKET_ROUTES,
  )
}

/** The JSON Schema of a job spec as a renter writes it (defaults may be left out). */
export function jobSpecJsonSchema() {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...jsonSchemaOf(jobSpecSchema) }
}

/** The generated blocks of PROTOCOL.md, by name. */
export function protocolBlocks(): Record<string, string> {
  return {
    'job-spec-schema': jsonFence(jobSpecJsonSchema()),
    'agent-routes': routesMarkdown(AGENT_ROUTES),
    'market-routes': routesMarkdown(MARKET_ROUTES),
  }
}
