import type { JobSpec } from '@/lib/jobs/job-spec'

export type DeliveryResult =
  | { ok: true }
  | {
      ok: false
      status: number
      message: string
      /** 401: the sign-in expired or belongs to another account; sign in again, then retry. */
      needsSignIn: boolean
    }

type DeliverOptions = {
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  /** Tries in all for answers that mean "not yet": the index or the agent is seconds behind. */
  attempts?: number
  delayMs?: number
}

// The server itself waits ten seconds for the index and the agent; past that these still mean
// "not yet": 409 the rental is not indexed, 404 the agent has not seen the Rented event, 503 the
// agent did not answer.
const NOT_YET = new Set([404, 409, 503])

async function messageOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: unknown } } | null
  const message = body?.error?.message
  return typeof message === 'string' && message
    ? message
    : `The market server answered HTTP ${response.status}.`
}

/**
 * POSTs the job spec to /api/rentals/:id/job (the market checks it against the on-chain hash and
 * forwards it to the provider's agent), retrying while the index or the agent catches up.
 */
export async function deliverJobSpec(
  rentalId: string,
  spec: JobSpec,
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  const doFetch = options.fetch ?? fetch
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const attempts = options.attempts ?? 10
  const delayMs = options.delayMs ?? 2000
  let last: DeliveryResult = {
    ok: false,
    status: 0,
    message: 'The job spec was not sent.',
    needsSignIn: false,
  }
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let response: Response
    try {
      response = await doFetch(`/api/rentals/${rentalId}/job`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(spec),
      })
    } catch {
      last = {
        ok: false,
        status: 0,
        message: 'The market server could not be reached. Check your connection.',
        needsSignIn: false,
      }
      if (attempt < attempts) await sleep(delayMs)
      continue
    }
    if (response.ok) return { ok: true }
    last = {
      ok: false,
      status: response.status,
      message: await messageOf(response),
      needsSignIn: response.status === 401,
    }
    if (!NOT_YET.has(response.status)) return last
    if (attempt < attempts) await sleep(delayMs)
  }
  return last
}
