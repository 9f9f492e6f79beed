import { type ChildProcess, spawn } from 'node:child_process'
import { Socket } from 'node:net'
import { resolve } from 'node:path'
import { type ExecPlan, type JobAccess, jobRunning, killTree } from '../jobs/job-exec'
import { childEnv } from '../jobs/job-files'

const CONNECT_TIMEOUT_MS = 10_000
/** A dialer unused this long is stopped (before its own DIALER_IDLE_MS runs out). */
const IDLE_STOP_MS = 30_000

type Reply = { id?: unknown; ok?: unknown }
type Dialer = {
  child: ChildProcess
  waiting: Map<number, (socket: Socket | undefined) => void>
  idle?: NodeJS.Timeout
}

/**
 * The agent's side of the jobs' dialers (DIALER_SCRIPT in jobs/job-exec.ts): one long-lived
 * process per running job, in the job's network namespace, asked for each connection to the job's
 * loopback and handing the connected socket back, so a connection costs a message instead of a
 * new process, and its bytes flow between the agent and the job's server with nothing in between.
 * A job that is no longer running gets no connection and its dialer is stopped.
 */
const dialers = new Map<string, Promise<Dialer | undefined>>()
let nextId = 0

/** A socket connected to `127.0.0.1:<port>` as the job sees it; undefined when it cannot be had within 10 s. */
export async function dialJob(runner: JobAccess, jobDir: string, port: number): Promise<Socket | undefined> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return undefined
  const dir = resolve(jobDir)
  if (!jobRunning(dir)) {
    stopDialer(dir)
    return undefined
  }
  let started = dialers.get(dir)
  if (!started) {
    started = startDialer(runner, dir)
    dialers.set(dir, started)
  }
  const dialer = await started
  if (!dialer) {
    dialers.delete(dir)
    return undefined
  }
  clearTimeout(dialer.idle)
  dialer.idle = setTimeout(() => stopDialer(dir), IDLE_STOP_MS)
  dialer.idle.unref()
  return new Promise((settle) => {
    const id = ++nextId
    const timer = setTimeout(() => done(undefined), CONNECT_TIMEOUT_MS)
    const done = (socket: Socket | undefined) => {
      clearTimeout(timer)
      dialer.waiting.delete(id)
      settle(socket)
    }
    dialer.waiting.set(id, done)
    // A dialer gone meanwhile: the send fails here (its exit answers every request too).
    dialer.child.send({ id, port }, (error) => {
      if (error) done(undefined)
    })
  })
}

/** Stops the job's dialer, if it has one (its connections already made stay open). */
export function stopDialer(jobDir: string): void {
  const dir = resolve(jobDir)
  const started = dialers.get(dir)
  dialers.delete(dir)
  void started?.then((dialer) => {
    clearTimeout(dialer?.idle)
    if (dialer?.child.pid !== undefined && dialer.child.exitCode === null) killTree(dialer.child.pid)
  })
}

async function startDialer(runner: JobAccess, dir: string): Promise<Dialer | undefined> {
  const plan: ExecPlan | undefined = await runner.dialer(dir).catch(() => undefined)
  if (!plan) return undefined
  const child = spawn(plan.argv[0] ?? '', plan.argv.slice(1), {
    env: childEnv(plan.env),
    cwd: plan.cwd,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    detached: true,
  })
  const dialer: Dialer = { child, waiting: new Map() }
  child.on('message', (reply: Reply, handle: unknown) => {
    const answer = typeof reply?.id === 'number' ? dialer.waiting.get(reply.id) : undefined
    const socket = reply?.ok === true && handle instanceof Socket ? handle : undefined
    if (answer) answer(socket)
    else socket?.destroy()
  })
  const gone = () => {
    clearTimeout(dialer.idle)
    void dialers.get(dir)?.then((current) => {
      if (current === dialer) dialers.delete(dir)
    })
    for (const answer of [...dialer.waiting.values()]) answer(undefined)
  }
  child.on('error', gone)
  child.once('exit', gone)
  // The agent keeps no event loop alive for an idle dialer.
  child.unref()
  child.channel?.unref()
  return dialer
}
