import type { ServerChannel, Session } from 'ssh2'
import type { ExecProgram, JobAccess } from '../jobs/job-exec'
import {
  clampSize,
  endChannel,
  runOnPipes,
  runOnTerminal,
  type SessionProcess,
  type TermSize,
} from './ssh-process'

/** What a session needs to know of its rental; `allowed` is asked again at each program start. */
export type SessionTarget = { jobDir: string; runner: JobAccess; allowed(): boolean }

/**
 * One SSH session channel: an optional pseudo-terminal (and its window changes), then one of a
 * shell, a command or the `sftp` subsystem, each run inside the rental's job. Everything else a
 * client may ask of a session (environment, X11, agent forwarding, other subsystems) is refused.
 */
export function serveSession(session: Session, target: SessionTarget, track: (p: SessionProcess) => void) {
  let terminal: { size: TermSize; term: string } | undefined
  let running: SessionProcess | undefined
  let started = false

  session.on('pty', (accept, reject, info) => {
    if (started) return reject?.()
    // ssh2 passes the client's TERM along; its typings leave it out.
    const term = (info as { term?: unknown }).term
    terminal = {
      size: { cols: clampSize(info.cols), rows: clampSize(info.rows, 24) },
      term: typeof term === 'string' && /^[A-Za-z0-9._+-]{1,64}$/.test(term) ? term : 'xterm',
    }
    accept?.()
  })
  session.on('window-change', (accept, _reject, info) => {
    if (terminal) terminal.size = { cols: clampSize(info.cols), rows: clampSize(info.rows, 24) }
    if (terminal) running?.resize(terminal.size)
    accept?.()
  })
  session.on('env', (_accept, reject) => reject?.())

  // Accepted at once: ssh2 refuses a late accept once the client has sent EOF (as `ssh … cmd </dev/null` does at once).
  const start = (
    program: ExecProgram,
    accept: () => ServerChannel,
    reject: () => void,
    withTerminal: boolean,
  ) => {
    if (started || !target.allowed()) return reject()
    started = true
    const channel = accept()
    if (!channel) return
    const tty = withTerminal && terminal ? { term: terminal.term, size: terminal.size } : undefined
    void target.runner
      .exec(target.jobDir, { program, tty })
      .catch(() => undefined)
      .then((plan) => {
        if (!plan) return endChannel(channel, 1)
        running =
          tty && terminal ? runOnTerminal(channel, plan, terminal.size, tty.term) : runOnPipes(channel, plan)
        track(running)
      })
  }

  session.on('shell', (accept, reject) => void start({ kind: 'shell' }, accept, reject, true))
  session.on('exec', (accept, reject, info) => {
    if (info.command.includes('\0')) return reject()
    void start({ kind: 'command', command: info.command }, accept, reject, true)
  })
  session.on('subsystem', (accept, reject, info) => {
    if (info.name !== 'sftp') return reject()
    void start({ kind: 'sftp' }, accept, reject, false)
  })
}
