import { cpus as hostCpus } from 'node:os'
import path from 'node:path'
import { DeclineReason } from '@/lib/chain/rental-status'
import { type JobRunner, JobUnsupportedError, type RunningJob, type StartJobOptions } from '../jobs/runner'
import { AgentError } from './agent-api'
import type { AgentConfig } from './config'
import { assignCores } from './cpu-allocator'
import type { MarketChain } from './market-chain'
import { ACTIVE, errorLine } from './rental-state'
import type { Settlement } from './settlement'
import type { RentalRecord, StateStore } from './state-store'

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
  settlement: Settlement
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

/** A preparation failure the runner says it cannot get past (what the spec asks is not supported here). */
const unsupported = (error: unknown) =>
  error instanceof JobUnsupportedError || (error instanceof AgentError && error.code === 'invalid')

/**
 * Prepares the workload (image, workspace), then sends `start`, then launches the job: pay
 * accrues only once everything the job needs is in place. A rental that cannot be served (what
 * the offer sold is unknown, the workload cannot be prepared, `start` fails) is declined at once,
 * so the renter gets the deposit back; one whose start window has already closed (the agent was
 * down) is left to be settled as a no-show. Resolves with the running job, or undefined when it
 * got no further (the rental's timeline says why).
 */
export async function startRental(ctx: StartContext, record: RentalRecord): Promise<RunningJob | undefined> {
  const { store, chain, runner, settlement } = ctx
  const options = jobStartOptions(ctx, record)
  if (!options) {
    await settlement.decline(
      record,
      DeclineReason.Unspecified,
      'this agent has no record of what the offer sold',
    )
    return undefined
  }
  // An RPC that does not answer now may be back by the time `start` is sent: go on.
  const window = await settlement.startWindow(record).catch(() => 'open' as const)
  if (window !== 'open') {
    if (window === 'closed')
      store.transition(
        record,
        'failed',
        'the start window closed before the agent could start the rental; it is settled as a no-show',
      )
    return undefined
  }
  store.transition(record, 'starting', 'preparing the workload')
  try {
    await runner.prepare(options)
  } catch (error) {
    await settlement.decline(
      record,
      unsupported(error) ? DeclineReason.Unsupported : DeclineReason.PrepareFailed,
      `the workload could not be prepared: ${errorLine(error)}`,
    )
    return undefined
  }
  let receipt: Awaited<ReturnType<MarketChain['send']>>
  try {
    receipt = await chain.send({ functionName: 'start', args: [record.offerId] })
  } catch (error) {
    const why = `the start transaction failed: ${errorLine(error)}`
    const now = await settlement.startWindow(record).catch(() => undefined)
    if (now === 'closed') {
      store.transition(record, 'failed', `${why}; the start window has closed, so it is settled as a no-show`)
    } else if (now === 'gone') {
      // Cancelled, say: the event (applied already, or soon) says so; the workload is given back.
      if (ACTIVE.has(record.status)) store.transition(record, 'failed', why)
      await runner.discard(options.jobDir).catch(() => undefined)
    } else {
      await settlement.decline(record, DeclineReason.Unspecified, why)
    }
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
    // A rental stopped on-chain while its job launched stays ended; the caller stops the job.
    if (record.status === 'starting')
      ctx.store.transition(
        record,
        'running',
        `job running (pid ${job.pid}) on GPUs ${record.gpuIndices.join(', ')}`,
      )
    return job
  } catch (error) {
    ctx.store.transition(record, 'failed', `the job could not be launched: ${errorLine(error)}`)
    return undefined
  }
}
