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
  /** Reads of the rental before the first POST, waiting for the index and the agent. */
  readyChecks?: number
}

// 409: the rental is not indexed yet; 404: the agent has not seen the Rented event yet;
// 503: the agent did not answer. All pass by themselves within seconds.
const NOT_YET = new Set([404, 409, 503])

async function messageOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: unknown } } | null
  const message = body?.error?.message
  return typeof message === 'string' && message
    ? message
    : `The market server answered HTTP ${response.status}.`
}

/**
 * Waits (reading GET /api/rentals/:id, which answers from the chain before the index has it) until
 * the market has indexed the rental and the provider's agent knows it, so the POST that follows is
 * not refused for being early. Gives up quietly: the POST's own retries cover the rest.
 */
async function waitUntilKnown(
  rentalId: string,
  doFetch: typeof fetch,
  sleep: (ms: number) => Promise<void>,
  tries: number,
  delayMs: number,
) {
  for (let attempt = 1; attempt <= tries; attempt++) {
    const response = await doFetch(`/api/rentals/${rentalId}`, {
      credentials: 'same-origin',
      cache: 'no-store',
    }).catch(() => undefined)
    if (response?.ok) {
      const body = (await response.json().catch(() => null)) as { rental?: unknown; agent?: unknown } | null
      if (body?.rental && body.agent) return
    } else if (response && response.status !== 404) {
      return // 401 and the like: the POST reports them
    }
    if (attempt < tries) await sleep(delayMs)
  }
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
  await waitUntilKnown(rentalId, doFetch, sleep, options.readyChecks ?? 15, Math.min(delayMs, 1000))
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
