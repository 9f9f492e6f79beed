import { queryOptions } from '@tanstack/react-query'
import type { Address } from 'viem'
import type { RentalReceipt } from '@/lib/market/rental-receipts'
import type { RentalView } from '@/lib/market/rental-views'
import { type AgentJob, parseAgentJob } from './rental-schemas'

export type ListedRental = RentalView & { role: 'renter' | 'provider' }
export type RentalList = { address: Address; rentals: ListedRental[] }

/** `getRental` as the API returns it: amounts as decimal strings, times as unix seconds (0 = none). */
export type ChainRental = {
  renter: Address
  provider: Address
  token: Address
  pricePerHour: string
  createdAt: number
  startedAt: number
  endsAt: number
  duration: number
  maxDuration: number
  paidSeconds: number
  deposit: string
  paid: string
  status: number
  settled: boolean
}

/** GET /api/rentals/:id. The agent part is the provider's word, so it is validated here. */
export type RentalDetail = {
  id: string
  role: 'renter' | 'provider'
  market: Address
  chainId: number
  rental: RentalView | null
  chain: ChainRental | null
  chainError: string | null
  agent: AgentJob | null
  agentError: string | null
  receipts: RentalReceipt[] | null
  receiptsError: string | null
}

/** A failed API call, keeping the status so a page can tell "sign in" from "not yours" from "gone". */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'ApiFailure'
  }
}

async function getJson(url: string, signal: AbortSignal): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(url, { signal, cache: 'no-store', credentials: 'same-origin' })
  } catch (error) {
    if (signal.aborted) throw error
    throw new ApiFailure(0, 'The market server cannot be reached. Check your connection; this page retries.')
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: unknown } } | null
    const message = body?.error?.message
    throw new ApiFailure(
      response.status,
      typeof message === 'string' && message
        ? message
        : `The market server answered HTTP ${response.status}.`,
    )
  }
  return response.json()
}

/** Query keys: everything under 'me' belongs to the signed-in account and is dropped at sign-out. */
export const rentalQueryKeys = {
  all: ['me', 'rentals'] as const,
  list: (address: string) => ['me', 'rentals', 'list', address.toLowerCase()] as const,
  detail: (id: string) => ['me', 'rentals', 'detail', id] as const,
}

/** Statuses change with transactions, which the page follows at this pace (the detail page streams). */
const LIST_REFRESH_MS = 5000

/** 401, 403 and 404 will not change by asking again. */
const retry = (count: number, error: Error) =>
  count < 2 && !(error instanceof ApiFailure && [400, 401, 403, 404].includes(error.status))

export const rentalListOptions = (address: string) =>
  queryOptions({
    queryKey: rentalQueryKeys.list(address),
    queryFn: async ({ signal }) => (await getJson('/api/rentals', signal)) as RentalList,
    refetchInterval: LIST_REFRESH_MS,
    retry,
  })

export const rentalDetailOptions = (id: string) =>
  queryOptions({
    queryKey: rentalQueryKeys.detail(id),
    queryFn: async ({ signal }): Promise<RentalDetail> => {
      const body = (await getJson(`/api/rentals/${encodeURIComponent(id)}`, signal)) as RentalDetail
      return { ...body, agent: body.agent === null ? null : parseAgentJob(body.agent) }
    },
    retry,
  })
