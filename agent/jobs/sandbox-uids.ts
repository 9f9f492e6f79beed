import { existsSync, mkdirSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { isErrno, jobFile } from './job-files'

/**
 * Each running sandbox gets a uid of its own from a range no account uses, so jobs cannot signal,
 * trace or read each other even where a mistake left a file reachable. A uid is reserved by a
 * symlink `<claimDir>/<uid>` → job dir (created atomically, so two starts cannot take the same
 * one), and is free again once that job has recorded its exit or its dir is gone.
 */
export type UidRange = { base: number; count: number }
export const DEFAULT_UID_RANGE: UidRange = { base: 200_000, count: 65_536 }

/** Claims a uid for the job: the same one again for a job that already holds one. */
export function claimUid(
  claimDir: string,
  range: UidRange,
  rentalId: bigint,
  jobDir: string,
): { uid: number; claim: string } {
  mkdirSync(claimDir, { recursive: true, mode: 0o700 })
  const first = Number(rentalId % BigInt(range.count))
  for (let i = 0; i < range.count; i++) {
    const uid = range.base + ((first + i) % range.count)
    const claim = join(claimDir, String(uid))
    const holder = readClaim(claim)
    if (holder === jobDir) return { uid, claim }
    if (holder !== undefined && !isStale(holder)) continue
    if (holder !== undefined) releaseUid(claim, holder)
    try {
      symlinkSync(jobDir, claim)
      return { uid, claim }
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error
    }
  }
  throw new Error(`every uid from ${range.base} to ${range.base + range.count - 1} is in use by a sandbox`)
}

/** Releases the claim if it still names this job (a stale claim may have been taken over since). */
export function releaseUid(claim: string, jobDir: string): void {
  if (readClaim(claim) !== jobDir) return
  try {
    unlinkSync(claim)
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error
  }
}

function readClaim(claim: string): string | undefined {
  try {
    return readlinkSync(claim)
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined
    throw error
  }
}

const isStale = (jobDir: string) => !existsSync(jobDir) || existsSync(jobFile(jobDir, 'exit.json'))
