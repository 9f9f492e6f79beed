import {
  type Address,
  createPublicClient,
  createWalletClient,
  custom,
  getAddress,
  type Hex,
  http,
  type PublicClient,
  serializeErc6492Signature,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { GET as nonceGET } from '@/app/api/auth/nonce/route'
import { POST as verifyPOST } from '@/app/api/auth/verify/route'
import { ERC1271Wallet } from '@/contracts/test/generated-mocks'
import { type Anvil, freePort, startAnvil } from '@/lib/chain/anvil'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import { type OpenDatabase, openDatabase } from '@/lib/db/database'
import {
  errorOf,
  get,
  post,
  rpcClient,
  setCookies,
  siweMessage,
  testConfig,
} from '@/test-support/auth/auth-test-kit'

const current = vi.hoisted(() => ({ context: undefined as unknown }))
vi.mock('@/lib/server/server-context', () => ({ getServerContext: async () => current.context }))

const owner = privateKeyToAccount(anvilKeys[0] as Hex)
const account = privateKeyToAccount(generatePrivateKey())
const stranger = privateKeyToAccount(generatePrivateKey())
let anvil: Anvil
let store: OpenDatabase
let wallet: Address
/** The JSON-RPC methods the route asked the chain for, in order. */
let asked: string[]

/** A client for `url` that records each JSON-RPC method it sends. */
function recordingClient(url: string): PublicClient {
  const inner = rpcClient(url)
  return createPublicClient({
    transport: custom({
      request: async (args: { method: string; params?: unknown }) => {
        asked.push(args.method)
        return inner.request(args as Parameters<typeof inner.request>[0])
      },
    }),
  })
}

beforeAll(async () => {
  anvil = await startAnvil()
  store = await openDatabase({})
  const deployer = createWalletClient({ account: owner, chain: foundry, transport: http(anvil.rpcUrl) })
  const hash = await deployer.deployContract({ ...ERC1271Wallet, args: [owner.address] })
  const receipt = await rpcClient(anvil.rpcUrl).waitForTransactionReceipt({ hash })
  wallet = getAddress(receipt.contractAddress ?? '')
}, 60_000)
afterAll(async () => {
  await store?.close()
  await anvil?.stop()
})
beforeEach(() => {
  asked = []
  current.context = { config: testConfig(), store, chain: recordingClient(anvil.rpcUrl) }
})

async function signIn(address: Address, sign: (message: string) => Promise<string>): Promise<Response> {
  const nonceResponse = await nonceGET(get('/api/auth/nonce'))
  const { nonce } = (await nonceResponse.json()) as { nonce: string }
  const cookie = `weft_visitor=${setCookies(nonceResponse).values.weft_visitor}`
  const message = siweMessage({ address }, nonce)
  return verifyPOST(post('/api/auth/verify', { message, signature: await sign(message) }, { cookie }))
}

const WRONG: [string, (message: string) => Promise<string>][] = [
  ['two bytes (0x1234)', async () => '0x1234'],
  ['65 zero bytes', async () => `0x${'00'.repeat(65)}`],
  ['200 bytes', async () => `0x${'ab'.repeat(200)}`],
  ['a valid signature by another key', (message) => stranger.signMessage({ message })],
]

describe('wrong signatures at /api/auth/verify with the chain up', () => {
  it.each(WRONG)(
    'refuses %s for an ordinary account: 401, after asking only whether it holds code',
    async (_, sign) => {
      const response = await signIn(account.address, sign)
      expect(response.status).toBe(401)
      expect(await errorOf(response)).toMatchObject({ code: 'unauthorized', reason: 'signature_invalid' })
      expect(asked).toEqual(['eth_getCode'])
    },
  )

  it.each(WRONG)(
    'refuses %s for a contract wallet: 401, after the wallet itself answered',
    async (_, sign) => {
      const response = await signIn(wallet, sign)
      expect(response.status).toBe(401)
      expect(await errorOf(response)).toMatchObject({ code: 'unauthorized', reason: 'signature_invalid' })
      expect(asked).toEqual(['eth_getCode', 'eth_call'])
    },
  )

  it('refuses an ERC-6492 wrapper around garbage: 401, asked through the validator only', async () => {
    const response = await signIn(account.address, async () =>
      serializeErc6492Signature({ address: stranger.address, data: '0xdeadbeef', signature: '0x1234' }),
    )
    expect(response.status).toBe(401)
    expect((await errorOf(response)).reason).toBe('signature_invalid')
    expect(asked).toEqual(['eth_call'])
  })

  it('signs in an ordinary account without asking the chain anything', async () => {
    const response = await signIn(account.address, (message) => account.signMessage({ message }))
    expect(response.status).toBe(200)
    expect(asked).toEqual([])
  })

  it('answers 503 to a wrong signature only when the chain cannot say whether the address is a wallet', async () => {
    current.context = {
      config: testConfig(),
      store,
      chain: recordingClient(`http://127.0.0.1:${await freePort()}`),
    }
    const response = await signIn(account.address, (message) => stranger.signMessage({ message }))
    expect(response.status).toBe(503)
    expect(await errorOf(response)).toMatchObject({ code: 'unavailable', reason: 'chain_unavailable' })
  })
})
