import type { AccessKind } from '@/lib/chain/offer-access'
import type { OfferAccess } from '@/lib/chain/offer-resources'
import type { RunnerKind } from '../jobs/runner'
import type { AgentConfig } from './config'

/**
 * The ways into a running job this agent serves, and its runner, as its offers sign them. A running
 * agent always serves the browser's access (agent/access/start-web-access.ts: the terminal, the
 * job's ports and the workspace's files, all behind the renter's access token), and the SSH gateway
 * only where the config names `sshPort` (agent/access/start-gateway.ts).
 */
export function offeredAccess(config: Pick<AgentConfig, 'sshPort'>, runner: RunnerKind): OfferAccess {
  const access: AccessKind[] = config.sshPort === undefined ? [] : ['ssh']
  access.push('terminal', 'ports', 'files')
  return { access, isolation: runner }
}
