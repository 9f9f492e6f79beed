import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { reattachSupervised } from '../../agent/jobs/supervised-job'

/**
 * Stops the jobs the local stack's agents left running. An agent leaves its jobs running when it
 * stops, by design (a restarted agent reattaches to them); a stopped demo must not. Each job's
 * supervisor gets SIGTERM, stops its job within the grace period, or is killed with it after.
 * Returns how many jobs it found.
 */
export async function stopLeftoverJobs(agentsDir: string): Promise<number> {
  if (!existsSync(agentsDir)) return 0
  const running = []
  for (const agent of readdirSync(agentsDir)) {
    const jobsDir = path.join(agentsDir, agent, 'data', 'jobs')
    if (!existsSync(jobsDir)) continue
    for (const rental of readdirSync(jobsDir)) {
      const job = reattachSupervised(path.join(jobsDir, rental), () => undefined)
      if (job) running.push(job)
    }
  }
  await Promise.all(running.map((job) => job.stop()))
  return running.length
}
