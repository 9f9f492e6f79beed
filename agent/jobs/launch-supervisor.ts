import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  childEnv,
  createJobFile,
  isErrno,
  type JobConfig,
  jobExitSchema,
  jobFile,
  readJobFile,
  type SupervisorState,
  supervisorStateSchema,
} from './job-files'
import { JobStartError, type RunningJob } from './runner'
import { killOrphans, SupervisedJob, toJobExit } from './supervised-job'

const SUPERVISOR = fileURLToPath(new URL('./supervisor.ts', import.meta.url))
// Resolved here, not by the child: the supervisor runs in the job dir, far from node_modules.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

/** The command a runner launches a supervisor with (for the integrator's docs and tests). */
export const supervisorCommand = (jobDir: string): string[] => [
  process.execPath,
  '--import',
  TSX_LOADER,
  SUPERVISOR,
  jobDir,
]

/**
 * Writes job.json (exclusively: a job dir holds one job, ever) and launches a detached supervisor
 * for it. Resolves once the job runs; rejects when it could not be launched, saying why.
 */
export async function launchSupervisor(
  jobDir: string,
  config: JobConfig,
  redact: readonly string[],
  onLost: (state: SupervisorState) => void,
  startTimeoutMs = 20_000,
): Promise<RunningJob> {
  try {
    createJobFile(jobDir, 'job.json', config)
  } catch (error) {
    if (isErrno(error, 'EEXIST')) throw new JobStartError(`a job was already started in ${jobDir}`)
    throw error
  }
  const stderr = openSync(jobFile(jobDir, 'supervisor.log'), 'a', 0o600)
  const [node = process.execPath, ...args] = supervisorCommand(jobDir)
  // Its own environment too is built from scratch: the agent's holds the provider's key.
  const supervisor = spawn(node, args, {
    cwd: jobDir,
    detached: true,
    stdio: ['pipe', 'ignore', stderr],
    env: childEnv({ PATH: process.env.PATH ?? '/usr/bin:/bin' }),
  })
  closeSync(stderr)
  let ended: string | undefined
  supervisor.once('exit', (code, signal) => {
    ended = signal ?? String(code)
  })
  supervisor.once('error', (error) => {
    ended = error.message
  })
  supervisor.stdin?.on('error', () => undefined) // it died first: reported below through `ended`
  supervisor.stdin?.end(JSON.stringify({ redact }))
  supervisor.unref()

  const deadline = Date.now() + startTimeoutMs
  for (;;) {
    const exit = readJobFile(jobDir, 'exit.json', jobExitSchema)
    if (exit?.error) throw new JobStartError(exit.error)
    const state = readJobFile(jobDir, 'supervisor.json', supervisorStateSchema)
    if (exit || state?.jobPid) {
      if (!state) throw new JobStartError(`the supervisor of ${jobDir} recorded no state`)
      return new SupervisedJob(jobDir, state, config.graceMs, onLost, exit && toJobExit(exit))
    }
    if (ended !== undefined) throw new JobStartError(`the supervisor exited (${ended}): ${logTail(jobDir)}`)
    if (Date.now() > deadline) {
      // Whatever got started goes too: a job nobody watches must not keep running.
      if (state) killOrphans(state)
      if (supervisor.pid) process.kill(supervisor.pid, 'SIGKILL')
      throw new JobStartError(`the supervisor did not start the job within ${startTimeoutMs} ms`)
    }
    await sleep(20)
  }
}

function logTail(jobDir: string): string {
  try {
    return readFileSync(jobFile(jobDir, 'supervisor.log'), 'utf8').slice(-2000).trim() || 'no output'
  } catch {
    return 'no output'
  }
}
