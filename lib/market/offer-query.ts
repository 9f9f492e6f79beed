import { and, gt, inArray, not, or, type SQL, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { accessBits, isAccessKind } from '@/lib/chain/offer-access'
import type { Database } from '@/lib/db/database'
import { offers } from '@/lib/db/schema'
import { type Clause, type Filter, isTextClause, type NumericClause } from './filter-grammar'
import { compileFilter, type FilterableOffer } from './filter-grammar-apply'
import type { NumericField } from './filter-grammar-fields'
import { getGpuModel } from './gpu-catalog'

/** Numeric filter fields and the column (and its factor to the field's unit) each compares with. */
export const SORTABLE: Record<NumericField, { column: AnyPgColumn; toColumn: number }> = {
  gpus: { column: offers.gpuCount, toColumn: 1 },
  price: { column: offers.pricePerHourUsd, toColumn: 1 },
  gpuprice: { column: offers.pricePerGpuHourUsd, toColumn: 1 },
  vram: { column: offers.vramMiB, toColumn: 1 },
  cpus: { column: offers.cpus, toColumn: 1 },
  ram: { column: offers.memoryMiB, toColumn: 1 },
  disk: { column: offers.diskMiB, toColumn: 1 },
  reliability: { column: offers.reliability, toColumn: 1 },
  duration: { column: offers.maxDuration, toColumn: 3600 },
  stake: { column: offers.stakeUsd, toColumn: 1 },
}

type Group = {
  gpuModel: string
  gpuModelId: string | null
  gpuName: string
  gpuFamily: string | null
  vramMiB: number
}

/** The filterable identity of a model group: nominal catalog memory where the model is known. */
export function groupIdentity(
  g: Group,
): Pick<FilterableOffer, 'modelId' | 'modelName' | 'family' | 'vramMiB'> {
  const model = g.gpuModelId ? getGpuModel(g.gpuModelId) : undefined
  return {
    modelId: g.gpuModelId ?? g.gpuModel,
    modelName: g.gpuName,
    family: g.gpuFamily ?? g.gpuName,
    vramMiB: model?.memoryMiB ?? g.vramMiB,
  }
}

const NEUTRAL: Omit<FilterableOffer, 'modelId' | 'modelName' | 'family' | 'vramMiB' | 'region'> = {
  gpuCount: 0,
  pricePerHourUsd: 0,
  pricePerGpuHourUsd: 0,
  reliability: 0,
  maxDurationSeconds: 0,
  provider: '',
  stakeUsd: 0,
  cpus: 0,
  memoryMiB: 0,
  diskMiB: 0,
  access: [],
  isolation: '',
}

function numericSql(clause: NumericClause): SQL {
  const { column, toColumn } = SORTABLE[clause.field]
  const target = clause.field === 'reliability' ? sql`coalesce(${column}, 0)` : sql`${column}`
  // Offers' seconds are divided (not the filter's hours multiplied), as in the browser.
  const value = toColumn === 1 ? target : sql`(${target}::double precision / ${toColumn})`
  const [first = Number.NaN] = clause.values
  switch (clause.op) {
    case '<':
      return sql`${value} < ${first}`
    case '<=':
      return sql`${value} <= ${first}`
    case '>':
      return sql`${value} > ${first}`
    case '>=':
      return sql`${value} >= ${first}`
    default: {
      const any = or(...clause.values.map((v) => sql`${value} = ${v}`)) ?? sql`false`
      return clause.op === '!=' ? not(any) : any
    }
  }
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * The SQL condition for a parsed filter over live offers. GPU, memory, free-text and region clauses
 * are decided in TypeScript by the same code the browser runs (over the few distinct models and
 * regions on offer) and become IN lists, so server and browser can never disagree on a match.
 */
export async function filterCondition(db: Database, filter: Filter, now: Date): Promise<SQL> {
  const live = gt(offers.expiresAt, now)
  const parts: SQL[] = [live]
  const modelLevel: Clause[] = filter.clauses.filter((c) => c.field === 'gpu' || c.field === 'vram')
  const regionLevel: Clause[] = filter.clauses.filter((c) => c.field === 'region')
  if (modelLevel.length > 0 || filter.text.length > 0) {
    const groups = await db
      .selectDistinct({
        gpuModel: offers.gpuModel,
        gpuModelId: offers.gpuModelId,
        gpuName: offers.gpuName,
        gpuFamily: offers.gpuFamily,
        vramMiB: offers.vramMiB,
      })
      .from(offers)
      .where(live)
    const test = compileFilter({ clauses: modelLevel, text: filter.text })
    const keep = groups.filter((g) => test({ ...NEUTRAL, ...groupIdentity(g), region: '' }))
    parts.push(
      keep.length === 0
        ? sql`false`
        : (or(
            ...keep.map(
              (g) => sql`(${offers.gpuModel} = ${g.gpuModel} and ${offers.vramMiB} = ${g.vramMiB})`,
            ),
          ) ?? sql`false`),
    )
  }
  if (regionLevel.length > 0) {
    const regions = await db.selectDistinct({ region: offers.region }).from(offers).where(live)
    const test = compileFilter({ clauses: regionLevel, text: [] })
    const keep = regions
      .filter((r) =>
        test({ ...NEUTRAL, modelId: '', modelName: '', family: '', vramMiB: 0, region: r.region }),
      )
      .map((r) => r.region)
    parts.push(keep.length === 0 ? sql`false` : inArray(offers.region, keep))
  }
  for (const clause of filter.clauses) {
    if (clause.field === 'access' && isTextClause(clause)) {
      const mask = accessBits(clause.values.filter(isAccessKind))
      const all = sql`(${offers.access} & ${mask}) = ${mask}`
      parts.push(clause.op === '!=' ? not(all) : all)
    } else if (clause.field === 'isolation' && isTextClause(clause)) {
      const any = inArray(offers.isolation, [...clause.values])
      parts.push(clause.op === '!=' ? not(any) : any)
    } else if (clause.field === 'provider' && isTextClause(clause)) {
      const any =
        or(
          ...clause.values.map(
            (v) => sql`lower(${offers.provider}) like ${`${likeEscape(v.toLowerCase())}%`}`,
          ),
        ) ?? sql`false`
      parts.push(clause.op === '!=' ? not(any) : any)
    } else if (!isTextClause(clause) && clause.field !== 'vram') {
      parts.push(numericSql(clause))
    }
  }
  return and(...parts) ?? live
}
