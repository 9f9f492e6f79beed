import { readFileSync } from 'node:fs'
import { jobConfigSchema, jobExitSchema, readJobFile } from './job-files'

/**
 * Running a program inside a job that is running, for the access plane (agent/access): each
 * runner turns a request into a host command (`ExecPlan`) that lands inside the job's isolation,
 * as the job's user, with the job's environment and in its workspace. The caller spawns it (on a
 * pseudo-terminal or on pipes) with exactly `env`: nothing of the agent's own environment.
 */

/** What to run inside the job. */
export type ExecProgram =
  /** The job user's interactive shell. */
  | { kind: 'shell' }
  /** A command line, run by `/bin/sh -c` as sshd does. */
  | { kind: 'command'; command: string }
  /** An SFTP server speaking on stdin/stdout (`sftp`, and `scp`, which speaks SFTP by default). */
  | { kind: 'sftp' }

export type ExecRequest = {
  program: ExecProgram
  /**
   * Set when the caller gives the program a pseudo-terminal; its TERM travels with it, and its
   * size, for a runner whose program gets a terminal of its own (docker exec's starts at 0×0).
   */
  tty?: { term: string; size?: { cols: number; rows: number } }
}

/** A host command: spawn `argv` with exactly `env` in `cwd`. */
export type ExecPlan = {
  argv: string[]
  env: Record<string, string>
  cwd: string
  /** Removes what the plan prepared, if it is never spawned (spawning it consumes it). */
  discard(): void
  /**
   * Kills what the plan started outside the spawned process's tree, once that tree is killed: a
   * container's `docker exec`ed program is a child of containerd's shim, not of the CLI.
   */
  killDetached?(): void
}

/** Runners that can run programs inside their running jobs. */
export interface JobAccess {
  /** A plan for `request` inside the job in `jobDir`; undefined when the job is not running. */
  exec(jobDir: string, request: ExecRequest): Promise<ExecPlan | undefined>
  /**
   * A plan for the job's dialer (DIALER_SCRIPT): a Node process in the job's own network namespace
   * that, asked over its IPC channel, connects to `127.0.0.1:<port>` as the job itself sees it and
   * hands the connected socket back. Undefined when the job is not running.
   */
  dialer(jobDir: string): Promise<ExecPlan | undefined>
}

const SFTP_SERVERS = [
  '/usr/lib/openssh/sftp-server',
  '/usr/libexec/openssh/sftp-server',
  '/usr/lib/ssh/sftp-server',
  '/usr/libexec/sftp-server',
  '/usr/lib/sftp-server',
]

/** What sftp and scp clients are told (on stderr) when the job has no sftp-server. */
export const NO_SFTP_SERVER =
  "no sftp-server is installed in this job (none of its usual paths), so sftp and scp cannot work: install OpenSSH's sftp-server where the job runs (for a container job, in its image: e.g. Debian's openssh-sftp-server package)"

/** The argv that runs `program` inside the job (after whatever enters it). */
export function programArgv(program: ExecProgram): string[] {
  switch (program.kind) {
    case 'shell':
      return ['/bin/sh', '-c', 'command -v bash >/dev/null 2>&1 && exec bash -l; exec sh -l']
    case 'command':
      return ['/bin/sh', '-c', program.command]
    case 'sftp':
      return [
        '/bin/sh',
        '-c',
        `for p in ${SFTP_SERVERS.join(' ')}; do [ -x "$p" ] && exec "$p"; done; echo "${NO_SFTP_SERVER}" >&2; exit 127`,
      ]
  }
}

/** How long a dialer waits for its next request before it exits (the agent starts another). */
export const DIALER_IDLE_MS = 60_000

/**
 * A Node program (run with an IPC channel) that dials 127.0.0.1:<port> for each `{ id, port }`
 * message and sends the connected socket back with `{ id, ok: true }`, or `{ id, ok: false }`.
 * The port is checked again here and nothing but the loopback address is ever dialled. A socket is
 * paused before it connects, so nothing the job's server says first is read here and lost. The
 * dialer exits when the agent goes or after DIALER_IDLE_MS without a request.
 */
export const DIALER_SCRIPT = [
  "const net = require('node:net')",
  'let idle',
  `const rest = () => { clearTimeout(idle); idle = setTimeout(() => process.exit(0), ${DIALER_IDLE_MS}) }`,
  'rest()',
  "process.on('disconnect', () => process.exit(0))",
  "process.on('message', (message) => {",
  '  rest()',
  '  const id = message && message.id',
  '  const port = message && message.port',
  '  if (!Number.isInteger(port) || port < 1 || port > 65535) return process.send({ id, ok: false })',
  "  const socket = net.connect(port, '127.0.0.1')",
  '  socket.pause()',
  "  socket.once('error', () => process.send({ id, ok: false }))",
  "  socket.once('connect', () => process.send({ id, ok: true }, socket, () => socket.destroy()))",
  '})',
].join('\n')

/**
 * The dialer run as nobody (uid and gid 65534, no groups, no new privileges) in the network
 * namespace at `netns`, so 127.0.0.1 is the job's own loopback and no host address is dialled.
 */
export function dialerPlan(tools: { nsenter: string; setpriv: string }, netns: string): ExecPlan {
  const argv = [
    tools.nsenter,
    `--net=${netns}`,
    '--',
    tools.setpriv,
    '--reuid=65534',
    '--regid=65534',
    '--clear-groups',
    '--no-new-privs',
    '--',
    process.execPath,
    '-e',
    DIALER_SCRIPT,
  ]
  return { argv, env: {}, cwd: '/', discard: () => undefined }
}

/** Whether the job in `jobDir` has started and not recorded an exit. */
export function jobRunning(jobDir: string): boolean {
  return (
    readJobFile(jobDir, 'job.json', jobConfigSchema) !== undefined &&
    readJobFile(jobDir, 'exit.json', jobExitSchema) === undefined
  )
}

/** A process's direct children (Linux /proc). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '')
      .map(Number)
  } catch {
    return []
  }
}

/** SIGKILLs a process and everything below it (children found before each kill). */
export function killTree(pid: number): void {
  const all: number[] = []
  const walk = (p: number) => {
    all.push(p)
    for (const child of childPids(p)) walk(child)
  }
  walk(pid)
  for (const p of all) {
    try {
      process.kill(p, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}

/** `export NAME='value'` lines for a POSIX shell; names a shell cannot carry are left out. */
export function shellExports(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    .map(([name, value]) => `export ${name}='${value.replaceAll("'", "'\\''")}'\n`)
    .join('')
}

/** A NUL-separated environment (/proc/<pid>/environ) as a record. */
export function parseEnviron(text: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const entry of text.split('\0')) {
    const at = entry.indexOf('=')
    if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1)
  }
  return env
}
