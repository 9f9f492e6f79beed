import { containerName } from './container-args'
import { type DockerCli, dockerCliEnv, runDocker } from './docker-cli'
import { dialerPlan, type ExecPlan, type ExecRequest, jobRunning, programArgv } from './job-exec'
import { jobConfigSchema, readJobFile } from './job-files'
import { findTool } from './sandbox-tools'

/**
 * Running a program inside a container job (container-runner.ts): `docker exec` into the job's
 * container, which keeps the container's user, environment, working directory, namespaces and
 * cgroup; `-t` when the caller gives it a terminal (the CLI then passes window sizes on).
 */
export function containerExecPlan(
  cli: DockerCli,
  jobDir: string,
  request: ExecRequest,
): ExecPlan | undefined {
  const config = readJobFile(jobDir, 'job.json', jobConfigSchema)
  if (!config || !jobRunning(jobDir)) return undefined
  const argv = [
    cli.docker ?? 'docker',
    'exec',
    '-i',
    ...(request.tty ? ['-t', '--env', `TERM=${request.tty.term}`] : []),
    containerName(config.rentalId),
    ...programArgv(request.program),
  ]
  return { argv, env: dockerCliEnv(cli), cwd: jobDir, discard: () => undefined }
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
  const name = containerName(config.rentalId)
  const inspected = await runDocker(cli, ['inspect', '--format', '{{.State.Pid}}', name], {
    timeoutMs: 10_000,
  })
  const pid = Number(inspected.stdout.trim())
  if (inspected.code !== 0 || !Number.isInteger(pid) || pid <= 0) return undefined
  return dialerPlan({ nsenter, setpriv }, `/proc/${pid}/ns/net`)
}
