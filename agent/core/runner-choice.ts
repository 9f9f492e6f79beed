import type { RunnerKind } from '../jobs/runner'
import { type AgentConfig, ConfigError } from './config'

/** The chain id of local development chains (anvil, hardhat): the only place jobs may run unisolated. */
export const LOCAL_CHAIN_ID = 31337

/** Why each isolating runner cannot work on this host, or undefined when it can (asked only when needed). */
export type RunnerProbes = {
  /** The docker CLI is installed and its daemon answers. */
  docker(): Promise<string | undefined>
  /** bubblewrap is installed and can create the sandbox's namespaces as an unprivileged uid. */
  bubblewrap(): Promise<string | undefined>
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
    case 'container': {
      const why = await probes.docker()
      if (why === undefined) return { kind: 'container', reason: 'named in the config' }
      throw new ConfigError(
        `runner "container" needs Docker, and ${why}: install docker.io and start dockerd, or set runner to "sandbox" or "auto"`,
      )
    }
    case 'sandbox': {
      const why = await probes.bubblewrap()
      if (why === undefined) return { kind: 'sandbox', reason: 'named in the config' }
      throw new ConfigError(
        `runner "sandbox" cannot work here: ${why}; install bubblewrap, slirp4netns and iptables and run the agent as root, or set runner to "container" or "auto"`,
      )
    }
    case 'auto': {
      const docker = await probes.docker()
      if (docker === undefined) return { kind: 'container', reason: 'Docker answers' }
      const sandbox = await probes.bubblewrap()
      if (sandbox === undefined)
        return { kind: 'sandbox', reason: `bubblewrap works here (Docker: ${docker})` }
      const why = `Docker: ${docker}; sandbox: ${sandbox}`
      if (local)
        return {
          kind: 'process',
          reason: `no isolating runner works here (${why}), and the chain is local: jobs run unisolated; ${INSTALL}`,
        }
      throw new ConfigError(`no isolating runner works on this host (${why}): ${INSTALL}`)
    }
  }
}
