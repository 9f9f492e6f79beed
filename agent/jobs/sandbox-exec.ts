import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  childPids,
  dialerPlan,
  type ExecPlan,
  type ExecRequest,
  jobRunning,
  parseEnviron,
  programArgv,
  shellExports,
} from './job-exec'
import { readJobFile, supervisorStateSchema } from './job-files'
import { netnsPath } from './sandbox-network'
import { readSandboxState } from './sandbox-state'
import { sandboxTools } from './sandbox-tools'

/**
 * Running a program inside a sandboxed job (sandbox-runner.ts). As root, a few lines of sh open
 * the environment file as fd 3 and delete it, join the job's cgroups (so the program is counted,
 * bounded and killed with the job), drop supplementary groups and set no_new_privs, and nsenter
 * enters the job's user, pid, mount, network, uts and ipc namespaces, its root and cwd, and
 * becomes the job's uid. Inside, sh reads the job's environment from fd 3 (never a command line)
 * and becomes the program. Nothing of the host's file system, processes or network is left.
 */
const ENTER_SCRIPT = [
  'set -e',
  'exec 3<"$1"',
  'rm -f "$1"',
  'shift',
  'while [ "$1" != -- ]; do echo $$ > "$1"; shift; done',
  'shift',
  'exec "$@"',
].join('\n')
const INSIDE_SCRIPT = 'eval "$(/bin/cat <&3)"; exec 3<&-; exec "$@"'

/** The job's command inside the sandbox: the child of bubblewrap's init (the job's pid 2). */
export function sandboxJobProcess(jobDir: string): { pid: number; uid: number } | undefined {
  const state = readSandboxState(jobDir)
  const supervisor = readJobFile(jobDir, 'supervisor.json', supervisorStateSchema)
  if (!state || !supervisor?.jobPid || !jobRunning(jobDir)) return undefined
  for (const init of childPids(supervisor.jobPid)) {
    for (const pid of childPids(init)) {
      // Checked against the job's own uid and a pid namespace of its own, so a reused pid is never entered.
      const status = readStatus(pid)
      if (status && status.uid === state.uid && status.nsDepth > 1) return { pid, uid: state.uid }
    }
  }
  return undefined
}

export function sandboxExecPlan(jobDir: string, request: ExecRequest): ExecPlan | undefined {
  const target = sandboxJobProcess(jobDir)
  const state = readSandboxState(jobDir)
  if (!target || !state) return undefined
  const tools = sandboxTools()
  let environ: string
  try {
    environ = readFileSync(`/proc/${target.pid}/environ`, 'utf8')
  } catch {
    return undefined // it ended meanwhile
  }
  const env = parseEnviron(environ)
  if (request.tty) env.TERM = request.tty.term
  const envFile = join(jobDir, `exec-${randomBytes(8).toString('hex')}.env`)
  writeFileSync(envFile, shellExports(env), { mode: 0o600, flag: 'wx' })
  const uid = String(target.uid)
  const argv = [
    tools.sh,
    '-c',
    ENTER_SCRIPT,
    'weft-exec',
    envFile,
    ...(state.cgroups ?? []).map((dir) => join(dir, 'cgroup.procs')),
    '--',
    tools.setpriv,
    '--clear-groups',
    '--no-new-privs',
    '--',
    tools.nsenter,
    `--target=${target.pid}`,
    '--user',
    '--pid',
    '--mount',
    '--net',
    '--uts',
    '--ipc',
    '--root',
    '--wd',
    `--setuid=${uid}`,
    `--setgid=${uid}`,
    '--',
    '/bin/sh',
    '-c',
    INSIDE_SCRIPT,
    'weft-exec',
    ...programArgv(request.program),
  ]
  return { argv, env: {}, cwd: '/', discard: () => rmSync(envFile, { force: true }) }
}

/** The dialer run as nobody in the job's network namespace: its loopback is the job's own. */
export function sandboxDialerPlan(jobDir: string): ExecPlan | undefined {
  const state = readSandboxState(jobDir)
  if (!state?.netns || !sandboxJobProcess(jobDir)) return undefined
  return dialerPlan(sandboxTools(), netnsPath(state.netns))
}

function readStatus(pid: number): { uid: number; nsDepth: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1])
    const nsDepth = /^NSpid:\s+(.*)$/m.exec(status)?.[1]?.trim().split(/\s+/).length ?? 0
    return { uid, nsDepth }
  } catch {
    return undefined
  }
}
