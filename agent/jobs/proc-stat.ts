import { readdirSync, readFileSync } from 'node:fs'

/**
 * What the agent reads from Linux's /proc about a process. A pid alone is not an identity: the
 * kernel reuses pids, so a recorded pid is only trusted together with its start time.
 */
export type ProcStat = {
  pid: number
  /** R, S, D, Z (zombie: exited, not yet reaped) … */
  state: string
  pgrp: number
  utimeTicks: number
  stimeTicks: number
  /** Ticks since boot when the process started: with the pid, it names one process. */
  startTicks: number
}

/** The kernel exports times in USER_HZ, which is 100 on every architecture Linux ships. */
export const TICKS_PER_SECOND = 100

/** Reads /proc/<pid>/stat, or undefined when there is no such process. */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 of proc(5), so field n is fields[n - 3].
  const field = (n: number) => Number(fields[n - 3])
  return {
    pid,
    state: fields[0] ?? '?',
    pgrp: field(5),
    utimeTicks: field(14),
    stimeTicks: field(15),
    startTicks: field(22),
  }
}

/** The start time of a live process, or undefined when it is gone (zombies count as gone). */
export function processStart(pid: number): number | undefined {
  const stat = readProcStat(pid)
  return stat && stat.state !== 'Z' ? stat.startTicks : undefined
}

/** True when `pid` is still the process that started at `startTicks` and has not exited. */
export function isSameLiveProcess(pid: number, startTicks: number): boolean {
  return processStart(pid) === startTicks
}

/** The live (non-zombie) members of process group `pgid`. */
export function processGroupMembers(pgid: number): ProcStat[] {
  const members: ProcStat[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const stat = readProcStat(Number(name))
    if (stat && stat.pgrp === pgid && stat.state !== 'Z') members.push(stat)
  }
  return members
}

/** Resident memory in KiB, from /proc/<pid>/status (exact whatever the page size). */
export function readRssKiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

/** Signals every process of a group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal)
    return true
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ESRCH') return false
    throw error
  }
}
