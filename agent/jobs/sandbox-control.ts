import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'
import { cgroupPids, removeCgroup } from './sandbox-cgroups'
import { deleteNetns, stopSlirp } from './sandbox-network'
import { removeStage } from './sandbox-stage'
import { readSandboxState } from './sandbox-state'
import { sandboxTools } from './sandbox-tools'
import { releaseUid } from './sandbox-uids'
import { unmountWorkspace } from './workspace-quota'

/**
 * What the supervisor runs to stop and to release a sandbox, from its job dir alone:
 * `node --import tsx sandbox-control.ts <signal|cleanup> <jobDir> [SIGTERM|SIGKILL]`.
 * The cgroup, not the process group, says what belongs to the job: inside its own session
 * (`bwrap --new-session`), after `setsid` or a double fork, a process is still in the cgroup.
 */

/** A process of the job itself: inside the sandbox's pid namespace, and not bubblewrap's init there. */
function isJobProcess(pid: number): boolean {
  try {
    const line = /^NSpid:\s+(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? ''
    const ids = line.trim().split(/\s+/)
    return ids.length >= 2 && ids.at(-1) !== '1'
  } catch {
    return false
  }
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal)
  } catch {
    // gone already
  }
}

/**
 * SIGTERM goes to the job's processes only: bubblewrap's own processes would end the whole
 * sandbox at once, leaving the job no grace period. SIGKILL goes to everything in the cgroup.
 */
export function signalSandbox(jobDir: string, signal: NodeJS.Signals): number {
  const cgroups = readSandboxState(jobDir)?.cgroups ?? []
  const pids = cgroupPids(cgroups).filter((pid) => signal === 'SIGKILL' || isJobProcess(pid))
  for (const pid of pids) kill(pid, signal)
  return pids.length
}

/** Kills whatever is left, then releases the cgroup, network, workspace mount and uid. Idempotent. */
export async function cleanupSandbox(jobDir: string): Promise<void> {
  const state = readSandboxState(jobDir)
  if (!state) return
  const cgroups = state.cgroups ?? []
  // Killing pid 1 of the sandbox ends its namespace; a few rounds catch what was forking meanwhile.
  for (let round = 0; round < 100 && cgroupPids(cgroups).length > 0; round++) {
    signalSandbox(jobDir, 'SIGKILL')
    await sleep(50)
  }
  for (let round = 0; round < 100 && !removeCgroup(cgroups); round++) await sleep(50)
  const tools = sandboxTools()
  if (state.slirp) stopSlirp(state.slirp)
  if (state.netns) deleteNetns(tools, state.netns)
  if (state.stage) removeStage(state.stage)
  await unmountWorkspace(state.workDir)
  releaseUid(state.uidClaim, jobDir)
}

async function main(command: string | undefined, jobDir: string | undefined, signal: string | undefined) {
  if (!jobDir) throw new Error('usage: sandbox-control.ts <signal|cleanup> <jobDir> [SIGTERM|SIGKILL]')
  if (command === 'signal' && (signal === 'SIGTERM' || signal === 'SIGKILL')) signalSandbox(jobDir, signal)
  else if (command === 'cleanup') await cleanupSandbox(jobDir)
  else throw new Error(`unknown command: ${command} ${signal ?? ''}`)
}

const entry = process.argv[1]
if (entry && import.meta.url === pathToFileURL(entry).href) {
  main(process.argv[2], process.argv[3], process.argv[4]).catch((error: unknown) => {
    process.stderr.write(`sandbox-control ${process.argv.slice(2).join(' ')}: ${String(error)}\n`)
    process.exitCode = 1
  })
}
