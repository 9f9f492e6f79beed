import { DeclineReason, type DeclineReasonCode, RentalStatus as OnChain } from '@/lib/chain/rental-status'
import type { OpenedSpec } from '@/lib/jobs/sealed-spec'
import type { RentalStatus } from '@/lib/protocol/rental-info'
import type { ChainState, RentalRecord } from './state-store'

/** Statuses in which a rental's job is pending, starting or running: it holds its GPUs and cores. */
export const ACTIVE: ReadonlySet<RentalStatus> = new Set(['pending', 'starting', 'running'])

/** The first line of an error's message (viem's short message where it has one). */
export const errorLine = (error: unknown) =>
  (error instanceof Error
    ? ((error as { shortMessage?: string }).shortMessage ?? error.message)
    : String(error)
  ).split('\n')[0] ?? ''

/**
 * Whether `record` holds its GPUs at `nowSeconds`: its job is active, or the chain still has the
 * rental pending or running (a job that exited early with `onExit: 'keep'` keeps the machine). A
 * rental being declined holds nothing: it never runs.
 */
export function holdsGpus(record: RentalRecord, nowSeconds: number): boolean {
  if (record.declineReason !== undefined) return false
  const chainHolds =
    record.chain === 'pending' ||
    (record.chain === 'running' && (record.endsAt === undefined || nowSeconds < record.endsAt))
  return chainHolds || ACTIVE.has(record.status)
}

/**
 * Why a new rental cannot be served, as a decline reason and a sentence for its timeline, or
 * undefined when it can: its spec must open and be valid, its offer must be one this agent issued,
 * and no other rental may hold any of its GPUs (overlapping offers rented at once: the first in
 * chain order is served).
 */
export function refusal(
  record: RentalRecord,
  opened: OpenedSpec,
  rentals: readonly RentalRecord[],
  nowSeconds: number,
): { reason: DeclineReasonCode; why: string } | undefined {
  if (!opened.ok && opened.problem === 'unreadable')
    return { reason: DeclineReason.SpecUnreadable, why: `the job spec cannot be read: ${opened.message}` }
  if (!opened.ok)
    return { reason: DeclineReason.SpecInvalid, why: `the job spec is invalid: ${opened.message}` }
  if (record.gpuIndices.length === 0)
    return { reason: DeclineReason.Unspecified, why: 'this agent has no record of the offer' }
  const taken = rentals.some(
    (other) =>
      other.id !== record.id &&
      holdsGpus(other, nowSeconds) &&
      other.gpuIndices.some((i) => record.gpuIndices.includes(i)),
  )
  if (taken) return { reason: DeclineReason.GpusBusy, why: "another rental holds this offer's GPUs" }
  return undefined
}

const chainStates: Record<number, ChainState> = {
  [OnChain.Pending]: 'pending',
  [OnChain.Running]: 'running',
  [OnChain.Stopped]: 'stopped',
  [OnChain.Ended]: 'ended',
  [OnChain.Cancelled]: 'cancelled',
  [OnChain.Declined]: 'declined',
  [OnChain.Finished]: 'finished',
  [OnChain.NoShow]: 'noshow',
}

/** The record's chain state for a `getRental` status code (an offer cancelled unrented never has a record). */
export function chainStateOf(status: number): ChainState {
  return chainStates[status] ?? 'unknown'
}
