import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { cleanupSandbox } from '../../agent/jobs/sandbox-control'
import { reattachSupervised } from '../../agent/jobs/supervised-job'
import { unmountWorkspace } from '../../agent/jobs/workspace-quota'

/** Every job folder the local stack's agents made. */
function jobDirs(agentsDir: string): string[] {
  if (!existsSync(agentsDir)) return []
  return readdirSync(agentsDir).flatMap((agent) => {
    const jobsDir = path.join(agentsDir, agent, 'data', 'jobs')
    return existsSync(jobsDir) ? readdirSync(jobsDir).map((rental) => path.join(jobsDir, rental)) : []
  })
}

/**
 * Stops the jobs the local stack's agents left running, and gives back what their sandboxes held.
 * An agent leaves its jobs running when it stops, by design (a restarted agent reattaches to
 * them); a stopped demo must not. Each job's supervisor gets SIGTERM, stops its job within the
 * grace period, or is killed with it after. Then every job's sandbox (cgroup, network, uid) and
 * workspace mounts (the job's own, and its kept outputs') are released, also those of a stack that crashed: its folder can then be
 * removed. Returns how many running jobs it found.
 */
export async function stopLeftoverJobs(agentsDir: string): Promise<number> {
  return stopJobs(jobDirs(agentsDir))
}

/** The same for one agent's data folder (`<dataDir>/jobs/*`), as a test's agent leaves it. */
export async function stopJobsOf(dataDir: string): Promise<number> {
  const jobsDir = path.join(dataDir, 'jobs')
  if (!existsSync(jobsDir)) return 0
  return stopJobs(readdirSync(jobsDir).map((rental) => path.join(jobsDir, rental)))
}

async function stopJobs(dirs: string[]): Promise<number> {
  const running = dirs.flatMap((dir) => reattachSupervised(dir, () => undefined) ?? [])
  await Promise.all(running.map((job) => job.stop()))
  for (const dir of dirs) {
    await cleanupSandbox(dir)
    await unmountWorkspace(path.join(dir, 'work'))
    // The read-only mount an agent makes to serve an ended job's kept outputs (kept-outputs.ts).
    await unmountWorkspace(path.join(dir, 'kept'))
  }
  return running.length
}
