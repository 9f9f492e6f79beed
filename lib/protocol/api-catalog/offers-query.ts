import { z } from 'zod'
import { FILTER_FIELDS } from '@/lib/market/filter-grammar-fields'
import { offerPagingSchema } from '../market-wire'
import type { Parameters } from './route-doc'

/*
 * The query of `GET /api/offers`: paging, the filter text `q`, sorting, and one parameter per filter
 * field (lib/market/filter-grammar-params.ts), listed from the grammar's own field table.
 */

/** Each filter field as a query parameter; numeric fields also take `_min` and `_max`. */
const filterNotes = Object.fromEntries(
  FILTER_FIELDS.flatMap((field) => {
    const equal: [string, string] = [
      field.name,
      `Filter: ${field.description} (${field.expected}); a,b for ${field.kind === 'text' && field.allOf ? 'all of them' : 'either'}.`,
    ]
    if (field.kind !== 'number') return [equal]
    return [
      equal,
      [`${field.name}_min`, `Filter: ${field.description}, at least (${field.expected}).`],
      [`${field.name}_max`, `Filter: ${field.description}, at most (${field.expected}).`],
    ]
  }),
)

const offersQuerySchema = offerPagingSchema.extend({
  q: z.string().optional(),
  sort: z
    .enum(FILTER_FIELDS.filter((f) => f.kind === 'number').map((f) => f.name) as [string, ...string[]])
    .optional(),
  order: z.enum(['asc', 'desc']).optional(),
  ...Object.fromEntries(Object.keys(filterNotes).map((name) => [name, z.string().optional()])),
})

/** `GET /api/offers`'s query parameters. */
export const offersQuery: Parameters = {
  schema: offersQuerySchema,
  notes: {
    q: 'Filter text, e.g. `gpu=H100 gpus>=2 price<3 region=EU`; may be repeated.',
    sort: 'A numeric field to sort by.',
    order: '`asc` (default) or `desc`.',
    limit: 'Offers per page, 1 to 200; 50 by default.',
    cursor: 'The `next` of the previous page.',
    ...filterNotes,
  },
}
