import type { z } from 'zod'
import { describeIssues, HttpError } from './responses'

// The query schemas are the protocol's own (lib/protocol/agent-queries.ts), which the API documents.
export {
  logsQuerySchema,
  MAX_LOG_PAGE,
  metricsQuerySchema,
  streamQuerySchema,
} from '@/lib/protocol/agent-queries'

export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.output<T> {
  const parsed = schema.safeParse(query)
  if (!parsed.success) throw new HttpError('invalid', describeIssues('query', parsed.error))
  return parsed.data
}
