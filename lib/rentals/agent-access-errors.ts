import { z } from 'zod'

/** What went wrong reaching a rental through the provider's agent, in a word the page can act on. */
export type AgentAccessFailure =
  | 'unreachable'
  | 'refused'
  | 'forbidden'
  | 'ended'
  | 'not_found'
  | 'too_large'
  | 'busy'
  | 'invalid'
  | 'bad_answer'
  | 'failed'

/** A failure of a call to the agent, with a sentence naming the problem. */
export class AgentAccessError extends Error {
  constructor(
    readonly kind: AgentAccessFailure,
    message: string,
  ) {
    super(message)
    this.name = 'AgentAccessError'
  }
}

const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

/** The agent's own reason, cut short: it is the provider's text, shown as text and nothing more. */
async function reasonOf(response: Response): Promise<string> {
  const parsed = errorBodySchema.safeParse(await response.json().catch(() => undefined))
  if (!parsed.success) return `HTTP ${response.status}`
  const message = parsed.data.error.message.replace(/\s+/g, ' ').trim()
  return message.length > 200 ? `${message.slice(0, 200)}…` : message
}

/** The error for an agent's non-2xx answer to `what` (e.g. "the port list"). */
export async function failureOf(response: Response, what: string): Promise<AgentAccessError> {
  const reason = await reasonOf(response)
  switch (response.status) {
    case 401:
      return new AgentAccessError('refused', `The provider’s agent refused ${what}: ${reason}.`)
    case 403:
      return new AgentAccessError(
        'forbidden',
        `The provider’s agent refused ${what}: only the rental’s renter may open it (${reason}).`,
      )
    case 404:
      return new AgentAccessError('not_found', `The provider’s agent has nothing for ${what}: ${reason}.`)
    case 409:
      return new AgentAccessError('ended', `The rental is not running any more, so ${what} is closed.`)
    case 413:
      return new AgentAccessError(
        'too_large',
        `Too large for ${what}: the workspace’s quota is full (${reason}).`,
      )
    case 429:
      return new AgentAccessError(
        'busy',
        `The provider’s agent is rate-limiting ${what}; wait a minute and retry.`,
      )
    default:
      return new AgentAccessError(
        response.status < 500 ? 'invalid' : 'failed',
        `The provider’s agent failed ${what} (HTTP ${response.status}): ${reason}.`,
      )
  }
}

/** A sentence for any error the access panel meets. */
export function accessProblem(error: unknown): string {
  if (error instanceof AgentAccessError) return error.message
  if (error instanceof Error && /reject|denied/i.test(error.message))
    return 'You declined the signature in your wallet.'
  return error instanceof Error ? error.message : 'Something went wrong reaching the provider’s agent.'
}
