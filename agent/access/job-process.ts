import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { constants } from 'node:os'
import pty, { type IPty } from '@lydell/node-pty'
import { type ExecPlan, killTree } from '../jobs/job-exec'
import { childEnv } from '../jobs/job-files'

/**
 * Spawning a runner's plan (jobs/job-exec.ts) for the access plane, shared by the SSH gateway and
 * the web routes: on pipes, or on a pseudo-terminal the agent holds.
 */

/** A terminal's size in character cells. */
export type TermSize = { cols: number; rows: number }

/** A process started inside a job; `kill` takes everything below it too (and what the plan detached). */
export type PipedProcess = { child: ChildProcessWithoutNullStreams; kill(): void }

/** Spawns the plan on pipes, in a process group of its own. */
export function spawnOnPipes(plan: ExecPlan): PipedProcess {
  const child = spawn(plan.argv[0] ?? '', plan.argv.slice(1), {
    env: childEnv(plan.env),
    cwd: plan.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  })
  child.stdin.on('error', () => undefined)
  return {
    child,
    kill: () => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
      killTree(child.pid)
      plan.killDetached?.()
    },
  }
}

/** A program running on a pseudo-terminal: bytes in and out, resizable. */
export type TerminalProcess = {
  write(data: Buffer): void
  resize(size: TermSize): void
  kill(): void
}

/**
 * Spawns the plan on a pseudo-terminal; `onData` gets its output, `onExit` its end (signal by
 * name). Undefined, with the plan discarded, when it cannot be spawned.
 */
export function spawnOnTerminal(
  plan: ExecPlan,
  size: TermSize,
  term: string,
  handlers: { onData(data: Buffer): void; onExit(code: number | null, signal: string | null): void },
): TerminalProcess | undefined {
  let terminal: IPty
  try {
    terminal = pty.spawn(plan.argv[0] ?? '', plan.argv.slice(1), {
      name: term,
      cols: clampSize(size.cols),
      rows: clampSize(size.rows, 24),
      cwd: plan.cwd,
      env: plan.env,
      encoding: null,
    })
  } catch {
    plan.discard()
    return undefined
  }
  let exited = false
  // With `encoding: null` the terminal reads and writes bytes; the typings say strings.
  terminal.onData((data) => handlers.onData(data as unknown as Buffer))
  terminal.onExit(({ exitCode, signal }) => {
    exited = true
    handlers.onExit(exitCode, signal ? signalName(signal) : null)
  })
  return {
    write: (data) => {
      if (!exited) terminal.write(data as unknown as string)
    },
    resize: (next) => {
      if (!exited) terminal.resize(clampSize(next.cols), clampSize(next.rows, 24))
    },
    kill: () => {
      if (exited) return
      killTree(terminal.pid)
      plan.killDetached?.()
    },
  }
}

/** A terminal dimension within 1–1000; 0 (a client that does not know its size) reads as `fallback`. */
export const clampSize = (n: number, fallback = 80) => Math.min(Math.max(Math.floor(n) || fallback, 1), 1000)

const signalName = (signal: number): string =>
  Object.entries(constants.signals).find(([, n]) => n === signal)?.[0] ?? 'SIGKILL'
