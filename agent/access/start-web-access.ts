import type { Agent } from '../core/agent'
import type { JobAccess } from '../jobs/job-exec'
import { loadOrCreateTokenSecret } from './access-token'
import type { WebAccess } from './web-access'
import { WebTerminals } from './web-terminal'
import { webUpgrades } from './web-upgrade'

/**
 * The browser access plane of a running agent: access tokens signed with the agent's own secret,
 * the web terminal and the port proxy's WebSockets (HTTP upgrades), and the rentals they may
 * reach (running ones). Terminals of a rental are closed with "rental ended" when its job ends.
 */
export function startWebAccess(agent: Agent, runner: JobAccess) {
  const web: WebAccess = {
    secret: loadOrCreateTokenSecret(agent.config.dataDir),
    runner,
    runningJob: (id) => {
      const record = agent.store.rental(id)
      return record?.status === 'running' && record.jobDir ? record.jobDir : undefined
    },
  }
  const terminals = new WebTerminals(web)
  agent.jobs.onJobEnd((id) => terminals.endRental(id))
  return { web, terminals, upgrade: webUpgrades(web, terminals) }
}
