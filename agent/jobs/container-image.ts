import { type DockerCli, dockerError, runDocker } from './docker-cli'
import { JobStartError } from './runner'

/** Longest a pull may take before the job is refused (prepare runs before the rental is paid). */
export const DEFAULT_PULL_TIMEOUT_MS = 15 * 60_000

/**
 * Makes the job's image present: kept when the daemon has it, pulled otherwise. Runs in `prepare`,
 * before `start` is sent on-chain, so pull time is never billed. A failure says, in the renter's
 * words, which image could not be had and why.
 */
export async function ensureImage(
  cli: DockerCli,
  image: string,
  pullTimeoutMs = DEFAULT_PULL_TIMEOUT_MS,
): Promise<void> {
  const inspect = await runDocker(cli, ['image', 'inspect', '--format', '{{.Id}}', '--', image], {
    timeoutMs: 30_000,
  })
  if (inspect.code === 0) return
  const pull = await runDocker(cli, ['pull', '--quiet', '--', image], { timeoutMs: pullTimeoutMs })
  if (pull.code === 0) return
  const why = pull.timedOut ? `it took longer than ${Math.round(pullTimeoutMs / 1000)} s` : dockerError(pull)
  throw new JobStartError(`the image ${image} could not be pulled: ${why}`)
}
