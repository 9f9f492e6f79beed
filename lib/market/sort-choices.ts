import type { FilterSort } from './filter-grammar'

/** Every field the API sorts by, named as the table's columns name it. */
const NAMES: readonly (readonly [FilterSort['field'], string])[] = [
  ['gpuprice', 'Price per GPU-hour'],
  ['price', 'Price per hour'],
  ['vram', 'VRAM'],
  ['cpus', 'CPU cores'],
  ['ram', 'RAM'],
  ['disk', 'Disk'],
  ['reliability', 'Reliability'],
  ['gpus', 'GPUs'],
  ['duration', 'Max rental'],
  ['stake', 'Stake'],
]

/** The orders the sort menu offers: each field, both ways. */
export const SORT_CHOICES: readonly { sort: FilterSort; label: string }[] = NAMES.flatMap(([field, name]) =>
  (['asc', 'desc'] as const).map((order) => ({
    sort: { field, order },
    label: `${name}, ${order === 'asc' ? 'low to high' : 'high to low'}`,
  })),
)

export const sortChoiceKey = (sort: FilterSort) => `${sort.field}:${sort.order}`
