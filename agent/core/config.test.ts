import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { gpuHourPrice, loadAgentConfig } from './config'

const base = {
  rpcUrl: 'http://127.0.0.1:8545',
  chainId: 31337,
  market: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  endpoint: 'http://127.0.0.1:8701',
  region: 'US-East',
  prices: { 'H100-SXM-80GB': '2.49', '*': '0.10' },
  operator: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  dataDir: 'data',
}
const key = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'

function write(config: unknown) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'weft-config-')), 'agent.json')
  writeFileSync(file, JSON.stringify(config))
  return file
}

describe('agent configuration', () => {
  it('reads the file, takes the key from the environment and resolves paths next to the file', () => {
    const file = write(base)
    const config = loadAgentConfig(file, { WEFT_PROVIDER_KEY: key })
    expect(config.providerKey).toBe(key)
    expect(config.dataDir).toBe(path.join(path.dirname(file), 'data'))
    expect(config.listen.port).toBe(8700)
    expect(gpuHourPrice(config, 'H100-SXM-80GB', 'H100 SXM 80GB')).toBe(2_490_000n)
    expect(gpuHourPrice(config, 'L4-PCIE-24GB', 'L4')).toBe(100_000n)
  })

  it('names the bad setting in one sentence', () => {
    const cases: [unknown, Record<string, string>, string][] = [
      [base, {}, 'providerKey is required'],
      [base, { WEFT_PROVIDER_KEY: '0x12' }, 'providerKey must be 0x followed by 64 hex digits'],
      [{ ...base, market: 'nope' }, { WEFT_PROVIDER_KEY: key }, 'market: must be an address'],
      [{ ...base, prices: {} }, { WEFT_PROVIDER_KEY: key }, 'prices must name at least one GPU model'],
      [{ ...base, prices: { H100: 'cheap' } }, { WEFT_PROVIDER_KEY: key }, 'must be a decimal number'],
      [{ ...base, runnr: 'process' }, { WEFT_PROVIDER_KEY: key }, 'runnr'],
      [{ ...base, rpcUrl: 'not a url' }, { WEFT_PROVIDER_KEY: key }, 'rpcUrl must be the URL'],
    ]
    for (const [config, env, message] of cases) {
      expect(() => loadAgentConfig(write(config), env)).toThrow(message)
    }
    expect(() => loadAgentConfig('/nonexistent/agent.json', {})).toThrow(
      'cannot read the config file /nonexistent/agent.json',
    )
  })
})
