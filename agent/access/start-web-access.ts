import type { Agent } from '../core/agent'
import type { JobAccess } from '../jobs/job-exec'
import { loadOrCreateTokenSecret } from './access-token'
import { KeptOutputs } from './kept-outputs'
import { portProxyRequests } from './port-proxy-route'
import type { WebAccess } from './web-access'
import { WebTerminals } from './web-terminal'
import { webUpgrades } from './web-upgrade'

/** How often workspaces past their retention are looked for. */
const SWEEP_INTERVAL_MS = 60_000

/**
 * The browser access plane of a running agent: access tokens signed with the agent's own secret,
 * the web terminal and the port proxy's WebSockets (HTTP upgrades), the rentals they may reach
 * (running ones), and the outputs kept after a job ends (`outputsRetentionSeconds`), deleted
 * once that has passed. Terminals of a rental are closed with "rental ended" when its job ends.
 */
export function startWebAccess(agent: Agent, runner: JobAccess) {
  const outputs = new KeptOutputs(agent.config.outputsRetentionSeconds)
  const endedJobDirs = () =>
    Object.values(agent.store.state.rentals).flatMap((r) =>
      r.status !== 'running' && r.jobDir ? [r.jobDir] : [],
    )
  const web: WebAccess = {
    secret: loadOrCreateTokenSecret(agent.config.dataDir),
    runner,
    runningJob: (id) => {
      const record = agent.store.rental(id)
      return record?.status === 'running' && record.jobDir ? record.jobDir : undefined
    },
    keepsProxyPath: (id, port) => agent.store.rental(id)?.spec?.proxyPathPorts?.includes(port) ?? false,
    launching: (id) => {
      const record = agent.store.rental(id)
      return record?.status === 'starting' && record.chain === 'running'
    },
    kept: {
      outputs,
      endedJob: (id) => {
        const record = agent.store.rental(id)
        return record && record.status !== 'running' ? record.jobDir : undefined
      },
    },
  }
  const terminals = new WebTerminals(web)
  agent.jobs.onJobEnd((id) => terminals.endRental(id))
  const sweep = () => {
    outputs.sweep(endedJobDirs()).catch((error) => console.error(`kept outputs: ${(error as Error).message}`))
  }
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS)
  timer.unref()
  return {
    web,
    terminals,
    upgrade: webUpgrades(web, terminals),
    proxy: portProxyRequests(web),
    close() {
      clearInterval(timer)
      terminals.close()
    },
  }
}
