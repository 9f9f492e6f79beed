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
   * A plan for a byte relay to `127.0.0.1:<port>` as the job itself sees it (its own network
   * namespace): the relay's stdin and stdout are the connection; it writes `connected` on stderr
   * once connected, and exits non-zero when it cannot connect. Undefined when the job is not running.
   */
  relay(jobDir: string, port: number): Promise<ExecPlan | undefined>
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

/**
 * A Node program that relays stdin/stdout to 127.0.0.1:<argv[1]>; the port is checked again here,
 * and nothing but the loopback address is ever dialled.
 */
export const RELAY_SCRIPT = [
  "const net = require('node:net')",
  'const port = Number(process.argv[1])',
  "if (!Number.isInteger(port) || port < 1 || port > 65535) { process.stderr.write('bad port\\n'); process.exit(2) }",
  "const socket = net.connect(port, '127.0.0.1')",
  "socket.on('connect', () => { process.stderr.write('connected\\n'); process.stdin.pipe(socket); socket.pipe(process.stdout) })",
  "socket.on('error', () => process.exit(1))",
  "socket.on('close', () => process.exit(0))",
].join('\n')

/**
 * The relay run as nobody (uid and gid 65534, no groups, no new privileges) in the network
 * namespace at `netns`, so 127.0.0.1 is the job's own loopback and no host address is dialled.
 */
export function relayPlan(
  tools: { nsenter: string; setpriv: string },
  netns: string,
  port: number,
): ExecPlan {
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
    RELAY_SCRIPT,
    String(port),
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
