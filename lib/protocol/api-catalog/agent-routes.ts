import { z } from 'zod'
import { logsQuerySchema, metricsQuerySchema, rentalPathSchema, streamQuerySchema } from '../agent-queries'
import {
  inventoryAnswerSchema,
  logOverflowSchema,
  metricsAnswerSchema,
  offersAnswerSchema,
} from '../agent-replies'
import { healthSchema } from '../health-report'
import { logLineSchema, logPageSchema } from '../job-logs'
import { rentalInfoSchema } from '../rental-info'
import { errorReplies, errorReply, type Reply, type RouteDoc } from './route-doc'

/** The provider agent's HTTP API (agent/http/app.ts), route by route. */

const tooMany = errorReply(
  'too_many_requests',
  'Past the rate limit for the client IP address (public routes: requests; private routes: failed signatures). `retry-after` says when to try again.',
  { 'retry-after': 'Seconds until the limit allows the next request.' },
)

const rentalPath = {
  schema: rentalPathSchema,
  notes: { id: 'The rental id (uint256), decimal or 0x-hex.' },
}

/** What every private route may answer besides its own success. */
const privateErrors: Record<number, Reply> = {
  ...errorReplies(
    ['invalid', 'The rental id or a query parameter is malformed; the message names which.'],
    [
      'unauthorized',
      'The request is unsigned, its signature headers are malformed, its timestamp is more than 60 s from the agent’s clock, its nonce was used before, or the signature does not match this request at this agent’s origin.',
    ],
    ['forbidden', 'The signer is neither the rental’s renter nor the market operator.'],
    [
      'not_found',
      'The rental is not this provider’s (told to the operator only), or the agent has not seen it yet.',
    ],
    ['payload_too_large', 'The request body is larger than the agent accepts.'],
    ['unavailable', 'The agent cannot serve this now (chain or runner unreachable); try again shortly.'],
    ['internal', 'The agent failed to handle the request.'],
  ),
  ...tooMany,
}

const rentalRoute = (
  path: string,
  summary: string,
  description: string,
  ok: Reply,
  query?: RouteDoc['query'],
): RouteDoc => ({
  method: 'GET',
  path,
  summary,
  description,
  auth: 'agent-signature',
  params: rentalPath,
  query,
  replies: { 200: ok, ...privateErrors },
})

export const AGENT_ROUTES: readonly RouteDoc[] = [
  {
    method: 'GET',
    path: '/v1/health',
    summary: 'Whom the agent serves and whether it can take rentals now',
    description: '200 when healthy, 503 with the same body when not (`ok: false`), so load balancers see it.',
    auth: 'none',
    replies: {
      200: { description: 'The agent is healthy.', json: healthSchema },
      503: { description: 'The agent is unhealthy (`ok` is false).', json: healthSchema },
      ...tooMany,
    },
  },
  {
    method: 'GET',
    path: '/v1/inventory',
    summary: 'The host’s GPUs',
    description: 'Every GPU of the host with its last readings; readings a GPU cannot give are null.',
    auth: 'none',
    replies: { 200: { description: 'The GPUs.', json: inventoryAnswerSchema }, ...tooMany },
  },
  {
    method: 'GET',
    path: '/v1/offers',
    summary: 'The provider’s live signed offers',
    description:
      'Each entry is an EIP-712 signed `Offer` ready for `rent`, its signed `OfferResources`, and unsigned display fields. Offers whose GPUs are busy are left out.',
    auth: 'none',
    replies: { 200: { description: 'The offers.', json: offersAnswerSchema }, ...tooMany },
  },
  rentalRoute(
    '/v1/rentals/{id}',
    'The agent’s view of one rental’s job',
    'What the agent knows of the rental: its job’s status and timeline, its GPUs, when it started and ends.',
    { description: 'The rental as the agent knows it.', json: rentalInfoSchema },
  ),
  rentalRoute(
    '/v1/rentals/{id}/logs',
    'A page of the job’s log',
    'Lines from the cursor `after` on, at most `limit`; `next` is the cursor to read on from and `done` is true once the job has ended and every line was read.',
    { description: 'A page of log lines.', json: logPageSchema },
    {
      schema: logsQuerySchema,
      notes: {
        after: 'How many lines were already read (the seq of the first line wanted); 0 by default.',
        limit: 'Most lines to return, 1 to 1000; 1000 by default.',
      },
    },
  ),
  rentalRoute(
    '/v1/rentals/{id}/logs/stream',
    'The job’s log as server-sent events',
    'A `log` event per line from `after` on (its SSE id is the line’s seq), `end` once the job has ended, comment heartbeats in between. A client too slow to keep up gets `overflow` with the cursor to page on from with /logs, and the stream closes.',
    {
      description: 'An event stream.',
      events: { log: logLineSchema, overflow: logOverflowSchema, end: z.object({}) },
    },
    {
      schema: streamQuerySchema,
      notes: { after: 'How many lines were already read; 0 by default.' },
    },
  ),
  rentalRoute(
    '/v1/rentals/{id}/metrics',
    'GPU samples of the rental’s GPUs',
    'Samples from nvidia-smi of the GPUs the rental holds, from `since` on.',
    { description: 'The samples.', json: metricsAnswerSchema },
    {
      schema: metricsQuerySchema,
      notes: { since: 'Epoch milliseconds; only samples from then on. Every kept sample when absent.' },
    },
  ),
]
