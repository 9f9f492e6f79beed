import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createPublicClient, createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { anvilKeys } from '../../lib/chain/anvil-accounts'
import { deploymentPath } from '../../lib/chain/deployments'
import { type Deployment, deployContracts } from './deploy-contracts'

/** Deploys a fresh market and test token to the local chain at `rpcUrl` and records it under deployments/. */
export async function deployAndRecord(
  rpcUrl: string,
  dir = path.resolve('deployments'),
): Promise<Deployment> {
  const chain = { ...foundry, rpcUrls: { default: { http: [rpcUrl] } } }
  const deployer = privateKeyToAccount(anvilKeys[0] ?? '0x')
  const wallet = createWalletClient({ account: deployer, chain, transport: http(rpcUrl) })
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) })
  const deployment = await deployContracts({ wallet, publicClient })
  mkdirSync(dir, { recursive: true })
  writeFileSync(deploymentPath(deployment.chainId, dir), `${JSON.stringify(deployment, null, 2)}\n`)
  return deployment
}
