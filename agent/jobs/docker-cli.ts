import { spawn } from 'node:child_process'
import { z } from 'zod'
import { childEnv } from './job-files'

/** How one docker CLI command ended; `timedOut` when it was killed at its deadline. */
export type DockerResult = { code: number | null; stdout: string; stderr: string; timedOut: boolean }

export type DockerCli = {
  /** The docker CLI; default `docker` on PATH. */
  docker?: string
  /** Environment of the CLI itself (DOCKER_HOST, DOCKER_CONFIG …), never passed into a container. */
  dockerEnv?: Readonly<Record<string, string>>
}

/** Output kept per stream: enough for an error sentence, bounded against a chatty daemon. */
const OUTPUT_LIMIT = 64 * 1024

/** The CLI's environment, built from scratch: the agent's own holds the provider's key. */
export const dockerCliEnv = (cli: DockerCli): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  ...cli.dockerEnv,
})

/**
 * Runs `docker <args>` without a shell and collects its output. Never rejects: a CLI that cannot
 * be launched reads as exit code null with the reason on stderr, so callers phrase one error.
 */
export function runDocker(
  cli: DockerCli,
  args: readonly string[],
  options: { timeoutMs: number; stdin?: string },
): Promise<DockerResult> {
  return new Promise((resolve) => {
    const child = spawn(cli.docker ?? 'docker', args, {
      env: childEnv(dockerCliEnv(cli)),
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      if (stdout.length < OUTPUT_LIMIT) stdout += chunk.toString('utf8')
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < OUTPUT_LIMIT) stderr += chunk.toString('utf8')
    })
    child.stdin?.on('error', () => undefined) // it exited first: reported through its exit
    child.stdin?.end(options.stdin)
    let launchError: string | undefined
    child.once('error', (error) => {
      launchError = error.message
    })
    child.once('close', (code, signal) => {
      resolve({
        code: launchError ? null : code,
        stdout,
        stderr: launchError ?? stderr,
        timedOut: signal === 'SIGKILL' && code === null,
      })
    })
  })
}

/** The last non-empty line of a CLI's stderr, without docker's "Error response from daemon:" prefix. */
export function dockerError(result: DockerResult): string {
  if (result.timedOut) return 'docker did not answer in time'
  const lines = result.stderr.trim().split('\n').filter(Boolean)
  const last = lines.at(-1) ?? `docker exited with code ${result.code}`
  return last.replace(/^Error response from daemon:\s*/, '').trim()
}

/**
 * Whether the docker CLI is installed and its daemon answers within `timeoutMs`: the agent picks
 * the container runner only then.
 */
export async function dockerAvailable(cli: DockerCli = {}, timeoutMs = 5000): Promise<boolean> {
  const result = await runDocker(cli, ['version', '--format', '{{.Server.Version}}'], { timeoutMs })
  return result.code === 0 && result.stdout.trim() !== ''
}

const hostInfoSchema = z.object({
  Runtimes: z.record(z.string(), z.unknown()),
  NCPU: z.number().int().positive(),
  MemTotal: z.number().int().positive(),
})

/** What the daemon offers containers: its OCI runtimes (`nvidia` where the toolkit is set up), CPUs, memory. */
export type DockerHostInfo = { runtimes: string[]; cpus: number; memoryBytes: number }

export async function dockerHostInfo(cli: DockerCli, timeoutMs = 10_000): Promise<DockerHostInfo> {
  const format = '{{json .Runtimes}}\t{{json .NCPU}}\t{{json .MemTotal}}'
  const result = await runDocker(cli, ['info', '--format', format], { timeoutMs })
  if (result.code !== 0) throw new Error(`docker info failed: ${dockerError(result)}`)
  const [Runtimes, NCPU, MemTotal] = result.stdout
    .trim()
    .split('\t')
    .map((field) => JSON.parse(field))
  const info = hostInfoSchema.parse({ Runtimes, NCPU, MemTotal })
  return { runtimes: Object.keys(info.Runtimes), cpus: info.NCPU, memoryBytes: info.MemTotal }
}
