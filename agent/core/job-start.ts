import { cpus as hostCpus } from 'node:os'
import path from 'node:path'
import type { RentalStatus } from '@/lib/protocol/rental-info'
import type { JobRunner, RunningJob, StartJobOptions } from '../jobs/runner'
import type { AgentConfig } from './config'
import { assignCores } from './cpu-allocator'
import type { MarketChain } from './market-chain'
import type { RentalRecord, StateStore } from './state-store'

/** Statuses in which a rental holds its GPUs and cores. */
export const ACTIVE: ReadonlySet<RentalStatus> = new Set(['pending', 'starting', 'running'])

/** The first line of an error's message (viem's short message where it has one). */
export const errorLine = (error: unknown) =>
  (error instanceof Error
    ? ((error as { shortMessage?: string }).shortMessage ?? error.message)
    : String(error)
  ).split('\n')[0]

/** Processes and threads a job may have: generous for data loaders, bounded against fork bombs. */
const pidsFor = (cpus: number) => Math.max(512, cpus * 256)

/** The folder of rental `id`'s job, under the agent's data folder. */
export const jobDirOf = (config: Pick<AgentConfig, 'dataDir'>, id: string): string =>
  path.join(config.dataDir, 'jobs', id)

/** What starting a rental's job needs from the agent. */
export type StartContext = {
  config: AgentConfig
  chain: MarketChain
  store: StateStore
  runner: JobRunner
}

/**
 * What the runner is given for `record`: its spec, GPUs, and the resources its offer sold, with
 * cores of its own picked once (the least used by the other active rentals) and kept with it.
 */
export function jobStartOptions(ctx: StartContext, record: RentalRecord): StartJobOptions | undefined {
  if (!record.spec || !record.resources) return undefined
  const { cpus, memoryMiB, diskMiB } = record.resources
  if (record.cores === undefined) {
    const taken = Object.values(ctx.store.state.rentals)
      .filter((other) => other.id !== record.id && ACTIVE.has(other.status))
      .map((other) => other.cores ?? [])
    // Core numbers are the host's CPUs as the inventory counts them (host.ts), whatever the agent's own affinity.
    record.cores = assignCores(cpus, hostCpus().length, taken) ?? null
    ctx.store.putRental(record)
  }
  const { config } = ctx
  return {
    rentalId: BigInt(record.id),
    spec: record.spec,
    gpuIndices: record.gpuIndices,
    resources: {
      cpus,
      memoryMiB,
      diskMiB,
      pids: pidsFor(cpus),
      ...(record.cores ? { cpuset: record.cores } : {}),
    },
    jobDir: jobDirOf(config, record.id),
    redact: [config.providerKey, config.providerKey.slice(2)],
    logLimitBytes: config.logLimitBytes,
    graceMs: config.stopGraceSeconds * 1000,
  }
}

/**
 * Prepares the workload (image, workspace), then sends `start`, then launches the job: pay
 * accrues only once everything the job needs is in place. A workload that cannot be prepared
 * leaves the rental pending, saying why, so the renter can cancel it; one whose start fails is
 * given back. Resolves with the running job, or undefined when it got no further (the rental's
 * timeline says why).
 */
export async function startRental(ctx: StartContext, record: RentalRecord): Promise<RunningJob | undefined> {
  const { store, chain, runner } = ctx
  const options = jobStartOptions(ctx, record)
  if (!options) {
    store.transition(
      record,
      'failed',
      'this agent has no record of what the offer sold; cancel the rental for a full refund',
    )
    return undefined
  }
  store.transition(record, 'starting', 'job spec received; preparing the workload')
  try {
    await runner.prepare(options)
  } catch (error) {
    store.transition(
      record,
      'pending',
      `the workload could not be prepared: ${errorLine(error)}; nothing was charged, and the rental can be cancelled for a full refund`,
    )
    return undefined
  }
  let receipt: Awaited<ReturnType<MarketChain['send']>>
  try {
    receipt = await chain.send({ functionName: 'start', args: [BigInt(record.id)] })
  } catch (error) {
    const onchain = await chain.getRental(BigInt(record.id)).catch(() => undefined)
    if (onchain?.status === 5) {
      record.chain = 'cancelled'
      store.transition(record, 'cancelled', 'the renter cancelled before start')
    } else {
      store.transition(record, 'failed', `the start transaction failed: ${errorLine(error)}`)
    }
    await runner.discard(options.jobDir).catch(() => undefined)
    return undefined
  }
  const startedAt = await chain.blockTime(receipt.blockNumber)
  record.chain = 'running'
  record.startedAt = startedAt
  record.endsAt = startedAt + record.duration
  store.transition(
    record,
    'starting',
    'workload ready and started on-chain; pay accrues from now',
    receipt.transactionHash,
  )
  return launchRental(ctx, record)
}

/** Launches the job of a rental that runs on-chain; undefined when it could not (recorded as failed). */
export async function launchRental(ctx: StartContext, record: RentalRecord): Promise<RunningJob | undefined> {
  const options = jobStartOptions(ctx, record)
  if (!options) return undefined
  record.jobDir = options.jobDir
  ctx.store.putRental(record)
  try {
    const job = await ctx.runner.start(options)
    ctx.store.transition(
      record,
      'running',
      `job running (pid ${job.pid}) on GPUs ${record.gpuIndices.join(', ')}`,
    )
    return job
  } catch (error) {
    ctx.store.transition(
      record,
      'failed',
      `the job could not be launched: ${errorLine(error)}; stop the rental for a refund`,
    )
    return undefined
  }
}
