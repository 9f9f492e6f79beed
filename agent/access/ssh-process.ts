import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import pty, { type IPty } from '@lydell/node-pty'
import type { ServerChannel } from 'ssh2'
import { type ExecPlan, killTree } from '../jobs/job-exec'
import { childEnv } from '../jobs/job-files'

/** A terminal's size and type as the client's `pty-req` and `window-change` give them. */
export type TermSize = { cols: number; rows: number }

/** A program started for a session: resizable when it has a terminal, killed when the session goes. */
export type SessionProcess = { resize(size: TermSize): void; kill(): void }

/** Ends the channel with the program's exit status (or signal), as sshd reports it. */
export function endChannel(channel: ServerChannel, code: number | null, signal: string | null = null) {
  try {
    if (signal) channel.exit(signal.replace(/^SIG/, ''), false, '')
    else channel.exit(code ?? 255)
    channel.end()
  } catch {
    // the client went first
  }
}

/** Runs the plan on pipes: stdin from the channel, stdout and stderr to it, in a process group of its own. */
export function runOnPipes(channel: ServerChannel, plan: ExecPlan): SessionProcess {
  const child = spawn(plan.argv[0] ?? '', plan.argv.slice(1), {
    env: childEnv(plan.env),
    cwd: plan.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  })
  const kill = () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) killTree(child.pid)
  }
  child.stdin.on('error', () => undefined)
  channel.pipe(child.stdin)
  child.stdout.pipe(channel, { end: false })
  child.stderr.pipe(channel.stderr, { end: false })
  child.once('error', () => endChannel(channel, 127, null))
  child.once('close', (code, signal) => endChannel(channel, code, signal))
  channel.once('close', kill)
  return { resize: () => undefined, kill }
}

/** Runs the plan on a pseudo-terminal the agent holds; a window change resizes it (SIGWINCH inside). */
export function runOnTerminal(
  channel: ServerChannel,
  plan: ExecPlan,
  size: TermSize,
  term: string,
): SessionProcess {
  let terminal: IPty
  try {
    terminal = pty.spawn(plan.argv[0] ?? '', plan.argv.slice(1), {
      name: term,
      cols: size.cols,
      rows: size.rows,
      cwd: plan.cwd,
      env: plan.env,
      encoding: null,
    })
  } catch {
    plan.discard()
    endChannel(channel, 127, null)
    return { resize: () => undefined, kill: () => undefined }
  }
  let exited = false
  // With `encoding: null` the terminal reads and writes bytes; the typings say strings.
  terminal.onData((data) => channel.write(data as unknown as Buffer))
  channel.on('data', (data: Buffer) => terminal.write(data as unknown as string))
  terminal.onExit(({ exitCode, signal }) => {
    exited = true
    endChannel(channel, exitCode, signal ? signalName(signal) : null)
  })
  const kill = () => {
    if (!exited) killTree(terminal.pid)
  }
  channel.once('close', kill)
  return {
    resize: (next) => {
      if (!exited) terminal.resize(clampSize(next.cols), clampSize(next.rows, 24))
    },
    kill,
  }
}

/** A terminal dimension within 1–1000; 0 (a client that does not know its size) reads as `fallback`. */
export const clampSize = (n: number, fallback = 80) => Math.min(Math.max(Math.floor(n) || fallback, 1), 1000)

const signalName = (signal: number): string =>
  Object.entries(constants.signals).find(([, n]) => n === signal)?.[0] ?? 'SIGKILL'
