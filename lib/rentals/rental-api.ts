import { queryOptions } from '@tanstack/react-query'
import { ApiFailure } from '@/lib/http/api-failure'
import { marketGet } from '@/lib/http/market-client'
import { creditListSchema, rentalListSchema } from '@/lib/market/rental-view'
import { rentalDetailSchema } from './rental-detail'

/** Query keys: everything under 'me' belongs to the signed-in account and is dropped at sign-out. */
export const rentalQueryKeys = {
  all: ['me', 'rentals'] as const,
  list: (address: string) => ['me', 'rentals', 'list', address.toLowerCase()] as const,
  detail: (id: string) => ['me', 'rentals', 'detail', id] as const,
  credits: ['me', 'credits'] as const,
}

/** Statuses change with transactions, which the page follows at this pace (the detail page streams). */
const LIST_REFRESH_MS = 5000

/** 401, 403 and 404 will not change by asking again. */
const retry = (count: number, error: Error) =>
  count < 2 && !(error instanceof ApiFailure && [400, 401, 403, 404].includes(error.status))

export const rentalListOptions = (address: string) =>
  queryOptions({
    queryKey: rentalQueryKeys.list(address),
    queryFn: ({ signal }) => marketGet('/api/rentals', rentalListSchema, { signal }),
    refetchInterval: LIST_REFRESH_MS,
    retry,
  })

export const rentalDetailOptions = (id: string) =>
  queryOptions({
    queryKey: rentalQueryKeys.detail(id),
    queryFn: ({ signal }) =>
      marketGet(`/api/rentals/${encodeURIComponent(id)}`, rentalDetailSchema, { signal }),
    retry,
  })

/** The signed-in account's credited payouts, per token (GET /api/credits). */
export const creditsOptions = () =>
  queryOptions({
    queryKey: rentalQueryKeys.credits,
    queryFn: ({ signal }) => marketGet('/api/credits', creditListSchema, { signal }),
    refetchInterval: LIST_REFRESH_MS * 2,
    retry,
  })
