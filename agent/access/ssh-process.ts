import type { ServerChannel } from 'ssh2'
import type { ExecPlan } from '../jobs/job-exec'
import { spawnOnPipes, spawnOnTerminal, type TermSize } from './job-process'

export { clampSize, type TermSize } from './job-process'

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
  const { child, kill } = spawnOnPipes(plan)
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
  const terminal = spawnOnTerminal(plan, size, term, {
    onData: (data) => channel.write(data),
    onExit: (code, signal) => endChannel(channel, code, signal),
  })
  if (!terminal) {
    endChannel(channel, 127, null)
    return { resize: () => undefined, kill: () => undefined }
  }
  channel.on('data', (data: Buffer) => terminal.write(data))
  channel.once('close', () => terminal.kill())
  return { resize: (next) => terminal.resize(next), kill: () => terminal.kill() }
}
