import type { Agent } from '../core/agent'
import type { JobAccess } from '../jobs/job-exec'
import { loadOrCreateHostKey } from './host-key'
import type { RentalAccess } from './ssh-auth'
import { SshGateway } from './ssh-gateway'

/**
 * Starts the SSH gateway for a running agent when its config names `sshPort`: a rental is let in
 * while its record says running, with the key its opened job spec carries; its sessions are
 * closed as soon as its job ends. Undefined when no port is configured.
 */
export async function startSshGateway(
  agent: Agent,
  runner: JobAccess,
  host: string,
): Promise<SshGateway | undefined> {
  const port = agent.config.sshPort
  if (port === undefined) return undefined
  const hostKey = loadOrCreateHostKey(agent.config.dataDir)
  const gateway = new SshGateway({
    hostKey,
    runner,
    rentals: (id): RentalAccess | undefined => {
      const record = agent.store.rental(id)
      const publicKey = record?.spec?.sshPublicKey
      if (record?.status !== 'running' || !publicKey || !record.jobDir) return undefined
      return { rentalId: id, jobDir: record.jobDir, publicKey }
    },
  })
  agent.jobs.onJobEnd((id) => gateway.endRental(id))
  const bound = await gateway.listen(port, host)
  agent.sshAccess = { port: bound, hostKeyFingerprint: hostKey.fingerprint }
  return gateway
}
