import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { createPublicClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Anvil, startAnvil } from '../../lib/chain/anvil'
import { anvilKeys } from '../../lib/chain/anvil-accounts'
import { readDeployment } from '../../lib/chain/deployments'
import { WeftMarket } from '../../lib/chain/generated'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')
const tsx = path.join(root, 'node_modules/.bin/tsx')

function deploy(env: Record<string, string>) {
  return run(tsx, ['scripts/deploy.ts'], { cwd: root, env: { ...process.env, ...env } })
}

describe('scripts/deploy.ts', () => {
  let local: Anvil
  let remote: Anvil
  beforeAll(async () => {
    ;[local, remote] = await Promise.all([startAnvil(), startAnvil({ chainId: 84_532 })])
  })
  afterAll(async () => {
    await Promise.all([local?.stop(), remote?.stop()])
  })

  it('deploys to a local anvil, records the deployment, and does nothing the second time', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weft-deploy-'))
    const env = { RPC_URL: local.rpcUrl, DEPLOYER_PRIVATE_KEY: anvilKeys[0] ?? '', DEPLOYMENTS_DIR: dir }
    const first = await deploy(env)
    expect(first.stdout).toContain('WeftMarket deployed on chain 31337')
    const record = readDeployment(31337, dir)
    expect(record?.testToken).toBe(true)

    const client = createPublicClient({ transport: http(local.rpcUrl) })
    const allowed = await client.readContract({
      address: record?.market ?? '0x',
      abi: WeftMarket.abi,
      functionName: 'tokenInfo',
      args: [record?.token ?? '0x'],
    })
    expect(allowed[1]).toBe(true)

    const second = await deploy(env)
    expect(second.stdout).toContain('already deployed')
    expect(readDeployment(31337, dir)).toEqual(record)
  })

  it('refuses a non-local chain without a payment token, then deploys with one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weft-deploy-'))
    const env = { RPC_URL: remote.rpcUrl, DEPLOYER_PRIVATE_KEY: anvilKeys[1] ?? '', DEPLOYMENTS_DIR: dir }
    await expect(deploy(env)).rejects.toMatchObject({ stderr: expect.stringContaining('set PAYMENT_TOKEN') })

    // Any ERC-20 address works as the payment token; use a TestUSDC deployed on the first local run.
    const token = await deployTestToken(remote.rpcUrl)
    const result = await deploy({ ...env, PAYMENT_TOKEN: token })
    expect(result.stdout).toContain('WeftMarket deployed on chain 84532')
    expect(readDeployment(84_532, dir)).toMatchObject({ chainId: 84_532, testToken: false })
  })

  it('names the bad setting when the key is malformed', async () => {
    await expect(deploy({ RPC_URL: local.rpcUrl, DEPLOYER_PRIVATE_KEY: '0x1234' })).rejects.toMatchObject({
      stderr: expect.stringContaining('DEPLOYER_PRIVATE_KEY must be 0x followed by 64 hex digits'),
    })
  })
})

async function deployTestToken(rpcUrl: string) {
  const { createWalletClient } = await import('viem')
  const { privateKeyToAccount } = await import('viem/accounts')
  const { TestUSDC } = await import('../../lib/chain/generated')
  const account = privateKeyToAccount(anvilKeys[2] ?? '0x')
  const client = createPublicClient({ transport: http(rpcUrl) })
  const chain = {
    id: 84_532,
    name: 'test',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  }
  const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) })
  const hash = await wallet.deployContract({ abi: TestUSDC.abi, bytecode: TestUSDC.bytecode })
  const receipt = await client.waitForTransactionReceipt({ hash })
  if (!receipt.contractAddress) throw new Error('no token address')
  return receipt.contractAddress
}
