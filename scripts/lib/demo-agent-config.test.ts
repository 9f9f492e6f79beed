import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadAgentConfig } from '../../agent/core/config'
import { offeredAccess } from '../../agent/core/offered-access'
import { anvilKeys } from '../../lib/chain/anvil-accounts'
import { DEMO_POLL_INTERVAL_MS, demoAccessNote, demoAgentConfig, sshFromHealth } from './demo-agent-config'
import { demoFleets } from './demo-fleets'
import type { Deployment } from './deploy-contracts'

const deployment: Deployment = {
  chainId: 31337,
  market: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  token: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  testToken: true,
  deployBlock: '1',
  owner: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  params: { minStake: '100', startWindow: 600, compensationSeconds: 60 },
}
const fleet = demoFleets[0]
if (!fleet) throw new Error('the demo has no fleets')
const input = {
  deployment,
  rpcUrl: 'http://127.0.0.1:8545',
  fleet,
  operator: deployment.owner,
  url: 'http://127.0.0.1:8701',
  listenPort: 8701,
  sshPort: 42_022,
  runner: 'sandbox' as const,
}
const dir = mkdtempSync(path.join(tmpdir(), 'weft-demo-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const health = {
  ok: true,
  version: '0.1.0',
  provider: deployment.owner,
  chainId: 31337,
  market: deployment.market,
  gpus: 8,
  freeGpus: 8,
  runningJobs: 0,
  chainReachable: true,
  startedAt: 1,
}
const fingerprint = `SHA256:${'A'.repeat(43)}`

describe('demo agent config', () => {
  it('is a config the agent accepts, with the SSH gateway on the port given and the runner chosen', () => {
    const file = path.join(dir, 'agent.json')
    writeFileSync(file, JSON.stringify(demoAgentConfig(input)))
    const config = loadAgentConfig(file, { WEFT_PROVIDER_KEY: anvilKeys[fleet.keyIndex] })
    expect(config.sshPort).toBe(42_022)
    expect(config.runner).toBe('sandbox')
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8701 })
    expect(config.pollIntervalMs).toBe(DEMO_POLL_INTERVAL_MS)
    const gpus = fleet.gpus.reduce((n, g) => n + g.count, 0)
    expect(config.resources?.diskMiB).toBe(2048 * gpus)
    // What its offers then sign, as the demo's note says.
    expect(offeredAccess(config, 'sandbox')).toEqual({
      access: ['ssh', 'terminal', 'ports', 'files'],
      isolation: 'sandbox',
    })
  })

  it('reads the SSH port and host key from the health report, and says when there is none', () => {
    expect(sshFromHealth({ ...health, ssh: { port: 42_022, hostKeyFingerprint: fingerprint } }, 'u')).toEqual(
      {
        port: 42_022,
        hostKeyFingerprint: fingerprint,
      },
    )
    expect(() => sshFromHealth(health, 'http://a')).toThrow(
      'agent at http://a runs no SSH gateway although its config sets sshPort',
    )
    expect(() => sshFromHealth({ ok: 'yes' }, 'http://a')).toThrow('not a health report')
  })

  it('says plainly when sessions run unisolated on the process runner', () => {
    expect(demoAccessNote('sandbox', undefined)).toContain('bubblewrap sandbox')
    expect(demoAccessNote('sandbox', undefined)).toContain('isolation sandbox')
    const unisolated = demoAccessNote('process', 'bwrap is not installed')
    expect(unisolated).toContain('bwrap is not installed')
    expect(unisolated).toContain('UNISOLATED')
    expect(unisolated).toContain('isolation process')
  })
})
