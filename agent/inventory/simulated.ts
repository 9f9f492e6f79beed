import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { resolveGpuModel } from '@/lib/market/gpu-catalog'
import type { GpuModel } from '@/lib/market/gpu-model'
import type { GpuDevice } from './gpu-device'

/**
 * A simulated inventory: a JSON file of GPUs standing in for nvidia-smi where no GPU exists (the
 * local demo, tests). It yields the same `GpuDevice` shape, with uuids derived from the host name,
 * position and model, so the same file always gives the same uuids and two hosts never share one.
 *
 * ```json
 * { "host": "demo-eu-1", "driverVersion": "580.159.04",
 *   "gpus": [{ "model": "H100-SXM-80GB", "count": 8 }, { "model": "RTX 4090", "count": 2 }] }
 * ```
 */

export class SimulatedInventoryError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SimulatedInventoryError'
  }
}

const MAX_GPUS = 64

const MODEL = 'name a GPU model: a canonical id such as "H100-SXM-80GB", or a name nvidia-smi prints'
const COUNT = `give how many GPUs of this model, a whole number from 1 to ${MAX_GPUS}`
const MEMORY = 'give memoryMiB as a whole number of MiB, as nvidia-smi reports memory.total'

/** Object errors in words: a wrong type gets `typeMessage`, a misspelt key is named. */
const objectError = (typeMessage: string) => (issue: z.core.$ZodRawIssue) =>
  issue.code === 'unrecognized_keys'
    ? `unknown key ${issue.keys.map((key) => `"${key}"`).join(', ')} (misspelt?)`
    : issue.code === 'invalid_type'
      ? typeMessage
      : undefined

const gpuEntrySchema = z
  .strictObject(
    {
      model: z.string({ error: MODEL }).trim().min(1, MODEL),
      count: z.number({ error: COUNT }).int(COUNT).min(1, COUNT).max(MAX_GPUS, COUNT),
      memoryMiB: z.number({ error: MEMORY }).int(MEMORY).positive(MEMORY).optional(),
      powerLimitW: z
        .number({ error: 'give powerLimitW in watts' })
        .positive('give powerLimitW in watts')
        .optional(),
    },
    { error: objectError('each GPU is an object such as { "model": "L40S", "count": 2 }') },
  )
  .transform((entry, ctx) => {
    const resolved = resolveGpuModel(entry.model, { memoryMiB: entry.memoryMiB })
    if (!resolved.known) {
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message: `"${entry.model}" is not a GPU model the catalog knows (use a canonical id such as "H100-SXM-80GB")`,
      })
      return z.NEVER
    }
    if (resolved.memoryAssumed) {
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message: `"${entry.model}" comes in several memory sizes: name one (e.g. "${resolved.model.id}") or give memoryMiB`,
      })
      return z.NEVER
    }
    return { ...entry, model: resolved.model }
  })

const HOST = 'name the simulated host in "host"; its GPU uuids derive from it'

const simulatedInventorySchema = z
  .strictObject(
    {
      host: z.string({ error: HOST }).trim().min(1, HOST),
      driverVersion: z.string({ error: 'give driverVersion as text, e.g. "580.159.04"' }).optional(),
      gpus: z.array(gpuEntrySchema, { error: 'list the GPUs in "gpus"' }).min(1, 'list at least one GPU'),
    },
    { error: objectError('expected an object with "host" and "gpus"') },
  )
  .refine((inventory) => inventory.gpus.reduce((n, entry) => n + entry.count, 0) <= MAX_GPUS, {
    message: `a host has at most ${MAX_GPUS} GPUs`,
    path: ['gpus'],
  })

/** The file's shape, for code that writes one (the demo). */
export type SimulatedInventory = z.input<typeof simulatedInventorySchema>

/**
 * Turns parsed JSON into devices, or throws `SimulatedInventoryError` with one sentence per
 * problem, each naming where it is (`gpus[1].model: …`). `source` names the file in messages.
 */
export function parseSimulatedInventory(data: unknown, source = 'simulated inventory'): GpuDevice[] {
  const parsed = simulatedInventorySchema.safeParse(data)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${formatPath(issue.path)}${issue.message}`)
    throw new SimulatedInventoryError(`${source} is invalid: ${problems.join('; ')}`)
  }
  const { host, driverVersion, gpus } = parsed.data
  const models = gpus.flatMap((entry) => Array.from({ length: entry.count }, () => entry))
  return models.map((entry, index) => simulatedDevice(host, index, entry.model, entry, driverVersion))
}

/** Reads and parses a simulated inventory file; every failure names the file. */
export async function loadSimulatedInventory(path: string): Promise<GpuDevice[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new SimulatedInventoryError(`cannot read simulated inventory ${path}: ${errorMessage(error)}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new SimulatedInventoryError(`simulated inventory ${path} is not valid JSON: ${errorMessage(error)}`)
  }
  return parseSimulatedInventory(data, `simulated inventory ${path}`)
}

function simulatedDevice(
  host: string,
  index: number,
  model: GpuModel,
  entry: { memoryMiB?: number; powerLimitW?: number },
  driverVersion: string | undefined,
): GpuDevice {
  const hex = createHash('sha256').update(`${host}\0${index}\0${model.id}`).digest('hex')
  const memoryMiB = entry.memoryMiB ?? model.memoryMiB
  return {
    index,
    uuid: `GPU-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
    name: model.name,
    model,
    memoryMiB,
    // An idle GPU: nothing runs on a simulated host until a job does, and it has no sensors.
    memoryUsedMiB: 0,
    memoryFreeMiB: memoryMiB,
    utilizationPct: 0,
    memoryUtilizationPct: 0,
    temperatureC: null,
    powerW: null,
    powerLimitW: entry.powerLimitW ?? null,
    pciBusId: `00000000:${(index + 1).toString(16).toUpperCase().padStart(2, '0')}:00.0`,
    driverVersion: driverVersion ?? null,
    computeCapability: null,
    maxSmClockMHz: null,
    migMode: null,
  }
}

const formatPath = (path: readonly PropertyKey[]): string => {
  const text = path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('')
  return text === '' ? '' : `${text}: `
}

const errorMessage = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ')
