import { createServer, type Server } from 'node:http'
import {
  type Address,
  concat,
  createWalletClient,
  encodeDeployData,
  getAddress,
  getContractAddress,
  type Hex,
  http,
  keccak256,
  serializeErc6492Signature,
  toHex,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { GET as nonceGET } from '@/app/api/auth/nonce/route'
import { POST as verifyPOST } from '@/app/api/auth/verify/route'
import { ERC1271Wallet } from '@/contracts/test/generated-mocks'
import { type Anvil, freePort, startAnvil } from '@/lib/chain/anvil'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import type { OpenDatabase } from '@/lib/db/database'
import {
  errorOf,
  get,
  post,
  rpcClient,
  setCookies,
  siweMessage,
  type TestContext,
  testConfig,
} from '@/test-support/auth/auth-test-kit'
import { openTestStore, STORE_KINDS } from '@/test-support/db/test-stores'

const current = vi.hoisted(() => ({ context: undefined as unknown }))
vi.mock('@/lib/server/server-context', () => ({ getServerContext: async () => current.context }))

/** The deterministic CREATE2 deployer anvil installs at genesis: a factory for ERC-6492 wallets. */
const CREATE2_FACTORY: Address = '0x4e59b44847b379578588920cA78FbF26c0B4956C'

const owner = privateKeyToAccount(anvilKeys[0] as Hex)
const stranger = privateKeyToAccount(generatePrivateKey())
let anvil: Anvil
let wallet: Address
let flaky: Server
let flakyUrl: string

beforeAll(async () => {
  anvil = await startAnvil()
  const deployer = createWalletClient({ account: owner, chain: foundry, transport: http(anvil.rpcUrl) })
  const hash = await deployer.deployContract({ ...ERC1271Wallet, args: [owner.address] })
  const receipt = await rpcClient(anvil.rpcUrl).waitForTransactionReceipt({ hash })
  wallet = getAddress(receipt.contractAddress ?? '')
  // An RPC endpoint that is up but refuses every call, as a rate-limited provider does.
  flaky = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32005, message: 'rate limited' } }))
  })
  const server = flaky
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || !address) throw new Error('the flaky RPC server has no port')
  flakyUrl = `http://127.0.0.1:${address.port}`
}, 60_000)
afterAll(async () => {
  await anvil?.stop()
  flaky?.close()
})

describe.each(STORE_KINDS)('contract wallets signing in, on %s', (kind) => {
  let store: OpenDatabase
  let ctx: TestContext
  beforeAll(async () => {
    store = await openTestStore(kind)
  }, 60_000)
  afterAll(() => store?.close())
  beforeEach(() => {
    ctx = { config: testConfig(), store, chain: rpcClient(anvil.rpcUrl) }
    current.context = ctx
  })

  /** Signs in as `address` with `sign` producing the signature over the message. */
  async function signIn(address: Address, sign: (message: string) => Promise<Hex>): Promise<Response> {
    const nonceResponse = await nonceGET(get('/api/auth/nonce'))
    const { nonce } = (await nonceResponse.json()) as { nonce: string }
    const cookie = `weft_visitor=${setCookies(nonceResponse).values.weft_visitor}`
    const message = siweMessage({ address }, nonce)
    return verifyPOST(post('/api/auth/verify', { message, signature: await sign(message) }, { cookie }))
  }

  it('signs in a deployed ERC-1271 wallet whose owner signed, verified through the chain', async () => {
    const response = await signIn(wallet, (message) => owner.signMessage({ message }))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ address: wallet, chainId: 31337 })
    expect(setCookies(response).values.weft_session).toBeDefined()
  })

  it('refuses an ERC-1271 wallet signature by someone other than its owner: 401', async () => {
    const response = await signIn(wallet, (message) => stranger.signMessage({ message }))
    expect(response.status).toBe(401)
    expect((await errorOf(response)).reason).toBe('signature_invalid')
  })

  it('signs in a counterfactual ERC-6492 wallet without deploying it', async () => {
    const salt = keccak256(toHex(`weft-${kind}-${Date.now()}`))
    const initCode = encodeDeployData({ ...ERC1271Wallet, args: [owner.address] })
    const address = getContractAddress({ opcode: 'CREATE2', from: CREATE2_FACTORY, salt, bytecode: initCode })
    const response = await signIn(address, async (message) =>
      serializeErc6492Signature({
        address: CREATE2_FACTORY,
        data: concat([salt, initCode]),
        signature: await owner.signMessage({ message }),
      }),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ address, chainId: 31337 })
    expect(await ctx.chain.getCode({ address })).toBeUndefined()
  })

  it.each([
    ['refuses connections', async () => `http://127.0.0.1:${await freePort()}`],
    ['answers every call with an error', async () => flakyUrl],
  ])('answers 503, never a session, when the RPC %s during contract-wallet verification', async (_, url) => {
    ctx.chain = rpcClient(await url())
    const response = await signIn(wallet, (message) => owner.signMessage({ message }))
    expect(response.status).toBe(503)
    expect(setCookies(response).values.weft_session).toBeUndefined()
    const error = await errorOf(response)
    expect(error).toMatchObject({ code: 'unavailable', reason: 'chain_unavailable' })
    expect(error.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|rate limited/)
  })

  it('still signs in an ordinary account with the RPC down: its signature is recovered offline', async () => {
    ctx.chain = rpcClient(`http://127.0.0.1:${await freePort()}`)
    const response = await signIn(owner.address, (message) => owner.signMessage({ message }))
    expect(response.status).toBe(200)
  })
})
