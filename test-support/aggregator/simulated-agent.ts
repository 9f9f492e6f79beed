import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Address, Hex } from 'viem'
import { registerCommand } from '@/agent/cli/register-command'
import { loadAgentConfig } from '@/agent/core/config'
import { runAgent } from '@/agent/core/run-agent'
import { writeSimulatedAgent } from '@/agent/core/simulated-host'
import { freePort } from '@/lib/chain/anvil'

export type SimulatedAgent = { base: string; close(): Promise<void> }

/**
 * Registers the provider of `key` (its account must hold 100 test USDC for the stake) and runs a
 * real agent for it on loopback, serving 4 H100s at 2.40 and one RTX 4090 at 0.36 USD per GPU-hour
 * from a simulated inventory. Offers live an hour, so a test sees the same set between polls.
 */
export async function startSimulatedAgent(options: {
  key: Hex
  rpcUrl: string
  chainId: number
  market: Address
  token: Address
  operator: Address
}): Promise<SimulatedAgent> {
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-aggregator-'))
  const port = await freePort()
  const gpus = [
    { model: 'H100-SXM-80GB', count: 4 },
    { model: 'RTX-4090-PCIE-24GB', count: 1 },
  ]
  const { rpcUrl, chainId, market, token, operator } = options
  const configFile = writeSimulatedAgent(
    dir,
    { name: 'it', gpus },
    {
      ...{ rpcUrl, chainId, market, token, operator, endpoint: `http://127.0.0.1:${port}` },
      ...{ listen: { host: '127.0.0.1', port }, region: 'EU-Central', stake: '100', offerTtlSeconds: 3600 },
      prices: { 'H100-SXM-80GB': '2.40', 'RTX-4090-PCIE-24GB': '0.36' },
    },
  )
  const config = loadAgentConfig(configFile, { WEFT_PROVIDER_KEY: options.key })
  await registerCommand(config)
  const running = await runAgent(config)
  return { base: `http://127.0.0.1:${port}`, close: () => running.close() }
}
