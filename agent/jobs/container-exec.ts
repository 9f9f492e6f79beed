import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { containerName } from './container-args'
import { type DockerCli, dockerCliEnv, runDocker } from './docker-cli'
import { dialerPlan, type ExecPlan, type ExecRequest, jobRunning, killTree, programArgv } from './job-exec'
import { jobConfigSchema, readJobFile } from './job-files'
import { findTool } from './sandbox-tools'

/** The variable that marks a program `docker exec` started, so that it can be found and killed. */
const EXEC_MARKER = 'WEFT_EXEC_ID'

/**
 * Running a program inside a container job (container-runner.ts): `docker exec` into the job's
 * container, which keeps the container's user, environment, working directory, namespaces and
 * cgroup; `-t` when the caller gives it a terminal (the CLI then passes window sizes on).
 *
 * Two things `docker exec` does not do are done here. Its terminal starts at 0×0 until the CLI
 * sends the size, which races the program (`stty size` fails at first): the program is started
 * behind `stty rows R cols C` with the caller's size. And killing the CLI leaves the program
 * running (containerd's shim is its parent): each exec carries a random marker in its
 * environment, and `killDetached` kills the marked processes in the container's pid namespace.
 */
export function containerExecPlan(
  cli: DockerCli,
  jobDir: string,
  request: ExecRequest,
): ExecPlan | undefined {
  const config = readJobFile(jobDir, 'job.json', jobConfigSchema)
  if (!config || !jobRunning(jobDir)) return undefined
  const name = containerName(config.rentalId)
  const marker = randomBytes(16).toString('hex')
  const size = request.tty?.size
  const sized = size
    ? ['/bin/sh', '-c', 'stty rows "$1" cols "$2" 2>/dev/null; shift 2; exec "$@"', 'weft-exec']
    : []
  const argv = [
    cli.docker ?? 'docker',
    'exec',
    '-i',
    '--env',
    `${EXEC_MARKER}=${marker}`,
    ...(request.tty ? ['-t', '--env', `TERM=${request.tty.term}`] : []),
    name,
    ...sized,
    ...(size ? [String(Math.floor(size.rows)), String(Math.floor(size.cols))] : []),
    ...programArgv(request.program),
  ]
  return {
    argv,
    env: dockerCliEnv(cli),
    cwd: jobDir,
    discard: () => undefined,
    killDetached: () => void killMarked(cli, name, marker),
  }
}

/**
 * Kills the processes of container `name` that carry `marker`, and everything below them. Only
 * processes in the container's own pid namespace are looked at: a marker copied elsewhere (by the
 * job itself) kills nothing outside it. A container that is gone took its processes with it.
 */
async function killMarked(cli: DockerCli, name: string, marker: string): Promise<void> {
  const init = await containerPid(cli, name)
  const namespace = init && pidNamespace(init)
  if (!namespace) return
  const entry = `${EXEC_MARKER}=${marker}`
  for (const pid of readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number)) {
    if (pid === init || pidNamespace(pid) !== namespace) continue
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(entry)) killTree(pid)
    } catch {
      // exited meanwhile
    }
  }
}

/** The host pid of a running container's init; undefined when it is not running. */
async function containerPid(cli: DockerCli, name: string): Promise<number | undefined> {
  const inspected = await runDocker(cli, ['inspect', '--format', '{{.State.Pid}}', name], {
    timeoutMs: 10_000,
  })
  const pid = Number(inspected.stdout.trim())
  return inspected.code === 0 && Number.isInteger(pid) && pid > 0 ? pid : undefined
}

function pidNamespace(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`)
  } catch {
    return undefined
  }
}

/**
 * The dialer run as nobody in the container's network namespace (entered through its init's pid),
 * so 127.0.0.1 is the container's own loopback and no host address is dialled.
 */
export async function containerDialerPlan(cli: DockerCli, jobDir: string): Promise<ExecPlan | undefined> {
  const config = readJobFile(jobDir, 'job.json', jobConfigSchema)
  const nsenter = findTool('nsenter')
  const setpriv = findTool('setpriv')
  if (!config || !jobRunning(jobDir) || !nsenter || !setpriv) return undefined
  const pid = await containerPid(cli, containerName(config.rentalId))
  if (!pid) return undefined
  return dialerPlan({ nsenter, setpriv }, `/proc/${pid}/ns/net`)
}
