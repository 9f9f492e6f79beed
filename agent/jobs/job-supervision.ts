import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { childEnv, type JobConfig, type JobExitRecord, writeJobFile } from './job-files'
import type { LogWriter } from './log-writer'
import { processGroupMembers, processStart, signalGroup } from './proc-stat'

/**
 * What the supervisor does once it has claimed a job: spawn it, pump its output into the log,
 * stop it on SIGTERM (SIGTERM or the config's stopArgv to its process group, SIGKILL after the
 * grace period), and record how it ended. When the job's main process exits on its own, whatever
 * it left running in its group gets the same treatment: a finished job holds no GPU.
 */

const POLL_MS = 50
/**
 * A process that left the group (setsid) may hold the pipes open; do not wait for it forever. Long
 * enough that on a loaded host the job's last output is still read before the exit is recorded.
 */
const PIPE_CLOSE_TIMEOUT_MS = 10_000
const KILL_COMMAND_TIMEOUT_MS = 5000
const CLEANUP_TIMEOUT_MS = 30_000

type Exit = Omit<JobExitRecord, 'endedAt' | 'stopped'>

export type SupervisorSelf = { pid: number; pidStart: number; startedAt: number }

/** Runs the job; `onSpawn` learns its pid (the process group to kill if the supervisor fails). */
export function supervise(
  jobDir: string,
  config: JobConfig,
  log: LogWriter,
  self: SupervisorSelf,
  onSpawn: (pid: number) => void,
): void {
  let stopRequested = false
  let finished = false
  let killAt = Number.POSITIVE_INFINITY

  const finish = async (exit: Exit) => {
    if (finished) return
    finished = true
    // Released before the exit is recorded: whoever sees exit.json may reuse what the job held.
    if (config.cleanupArgv) await runCommand(config.cleanupArgv, config.env, CLEANUP_TIMEOUT_MS)
    log.end(describeExit(exit))
    writeJobFile(jobDir, 'exit.json', { ...exit, endedAt: Date.now(), stopped: stopRequested })
    process.exit(0)
  }

  const [program = '', ...args] = config.argv
  // detached: the job leads its own process group, so one signal reaches everything it started.
  const child = spawn(program, args, {
    cwd: config.cwd,
    env: childEnv(config.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', config.fd3Args ? 'pipe' : 'ignore'],
  })
  const { stdout, stderr } = child
  if (!stdout || !stderr) throw new Error('the job was spawned without its output pipes')
  const fd3 = child.stdio[3]
  if (config.fd3Args && fd3 && 'end' in fd3) {
    fd3.on('error', () => undefined) // the program may exit without reading it: reported through its exit
    fd3.end(config.fd3Args.map((arg) => `${arg}\0`).join(''))
  }
  const pid = child.pid
  if (pid === undefined) {
    // Launch failed ('error' follows on the next tick); there is nothing to stop meanwhile.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => undefined)
    child.once(
      'error',
      (error) =>
        void finish({ code: null, signal: null, error: `could not start ${program}: ${error.message}` }),
    )
    return
  }
  onSpawn(pid)
  writeJobFile(jobDir, 'supervisor.json', { ...self, jobPid: pid, jobPidStart: processStart(pid) ?? null })
  stdout.on('data', (chunk: Buffer) => log.write('stdout', chunk))
  stderr.on('data', (chunk: Buffer) => log.write('stderr', chunk))
  const jobPid = pid
  const pipesClosed = Promise.all([once(stdout, 'close'), once(stderr, 'close')])

  async function stop() {
    if (stopRequested || finished) return
    stopRequested = true
    killAt = Date.now() + config.graceMs
    log.system(`stop requested: the job's processes get SIGTERM, and SIGKILL after ${config.graceMs} ms`)
    if (config.stopArgv)
      void runCommand(config.stopArgv, config.env, config.graceMs + KILL_COMMAND_TIMEOUT_MS)
    else signalGroup(jobPid, 'SIGTERM')
    await sleep(config.graceMs)
    if (finished || child.exitCode !== null || child.signalCode !== null) return
    log.system('grace period over: the job is killed')
    if (config.killArgv) await runCommand(config.killArgv, config.env, KILL_COMMAND_TIMEOUT_MS)
    signalGroup(jobPid, 'SIGKILL')
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop())

  child.once('exit', async (code, signal) => {
    await killLeftovers(pid)
    await Promise.race([pipesClosed, sleep(PIPE_CLOSE_TIMEOUT_MS)])
    stdout.destroy()
    stderr.destroy()
    await finish({ code, signal })
  })

  /** Processes the main one left in its group: SIGTERM (unless a stop sent it), SIGKILL at the deadline. */
  async function killLeftovers(pgid: number) {
    if (processGroupMembers(pgid).length === 0) return
    if (!stopRequested) {
      log.system(
        `the job's main process exited: its remaining processes get SIGTERM, and SIGKILL after ${config.graceMs} ms`,
      )
      killAt = Date.now() + config.graceMs
      signalGroup(pgid, 'SIGTERM')
    }
    while (processGroupMembers(pgid).length > 0 && Date.now() < killAt) await sleep(POLL_MS)
    const left = processGroupMembers(pgid).length
    if (left > 0) log.system(`${left} of the job's processes still ran after the grace period: killed`)
    for (let i = 0; i < 20 && processGroupMembers(pgid).length > 0; i++) {
      signalGroup(pgid, 'SIGKILL')
      await sleep(POLL_MS)
    }
  }
}

/** Runs a helper command (docker stop/kill, a cleanup), its stderr into supervisor.log; resolves when it ends. */
async function runCommand(
  argv: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<void> {
  const [program = '', ...args] = argv
  const command = spawn(program, args, {
    env: childEnv(env),
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: timeoutMs,
  })
  await once(command, 'close').catch(() => undefined)
}

function describeExit(exit: Exit): string {
  if (exit.error) return exit.error
  if (exit.signal) return `the job was killed by ${exit.signal}`
  return `the job exited with code ${exit.code}`
}
