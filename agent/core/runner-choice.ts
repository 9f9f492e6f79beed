import type { RunnerKind } from '../jobs/runner'
import { type AgentConfig, ConfigError } from './config'

/** The chain id of local development chains (anvil, hardhat): the only place jobs may run unisolated. */
export const LOCAL_CHAIN_ID = 31337

/** Whether each isolating runner can work on this host (asked only when needed). */
export type RunnerProbes = {
  /** The docker CLI is installed and its daemon answers. */
  docker(): Promise<boolean>
  /** bubblewrap is installed and can create the sandbox's namespaces. */
  bubblewrap(): Promise<boolean>
}

export type RunnerChoice = { kind: RunnerKind; reason: string }

const INSTALL =
  'install Docker (Debian: apt-get install docker.io) for the container runner, or bubblewrap, slirp4netns and iptables (apt-get install bubblewrap slirp4netns iptables) for the sandbox runner'

/**
 * Picks the runner the agent serves with and says why, or refuses with a sentence naming what to
 * do. `auto` takes `container` when Docker answers, else `sandbox` when bubblewrap works; a local
 * chain with neither falls back to `process`. `process` is refused on any other chain: it runs a
 * stranger's job as the agent's own user, next to the provider's key.
 */
export async function chooseRunner(
  config: Pick<AgentConfig, 'runner' | 'chainId'>,
  probes: RunnerProbes,
): Promise<RunnerChoice> {
  const local = config.chainId === LOCAL_CHAIN_ID
  switch (config.runner) {
    case 'process':
      if (!local) {
        throw new ConfigError(
          `runner "process" isolates nothing: a renter's job would run as the agent's own user, able to read the provider's key. It is allowed only on a local chain (${LOCAL_CHAIN_ID}), not on chain ${config.chainId}; set runner to "container" (Docker) or "sandbox" (bubblewrap), or "auto"`,
        )
      }
      return { kind: 'process', reason: 'named in the config; no isolation (local chain only)' }
    case 'container':
      if (await probes.docker()) return { kind: 'container', reason: 'named in the config' }
      throw new ConfigError(
        'runner "container" needs Docker, and the docker daemon does not answer: install docker.io and start dockerd, or set runner to "sandbox" or "auto"',
      )
    case 'sandbox':
      if (await probes.bubblewrap()) return { kind: 'sandbox', reason: 'named in the config' }
      throw new ConfigError(
        'runner "sandbox" needs bubblewrap able to create user, pid, mount and network namespaces, and it cannot here: install bubblewrap, slirp4netns and iptables, or set runner to "container" or "auto"',
      )
    case 'auto':
      if (await probes.docker()) return { kind: 'container', reason: 'Docker answers' }
      if (await probes.bubblewrap())
        return { kind: 'sandbox', reason: 'bubblewrap works here and Docker does not answer' }
      if (local)
        return {
          kind: 'process',
          reason: `neither Docker nor bubblewrap works here, and the chain is local: jobs run unisolated; ${INSTALL}`,
        }
      throw new ConfigError(`no isolating runner works on this host: ${INSTALL}`)
  }
}
