import { describe, expect, it } from 'vitest'
import { parsePublicEnv } from './public-env'

describe('parsePublicEnv', () => {
  it('serves the local anvil chain when nothing is configured', () => {
    expect(parsePublicEnv({})).toEqual({
      rpcUrl: 'http://127.0.0.1:8545',
      chainIds: [31337],
      baseRpcUrl: undefined,
      baseSepoliaRpcUrl: undefined,
      walletConnectProjectId: undefined,
    })
  })

  it('reads a comma-separated chain list, in order, without repeats', () => {
    expect(parsePublicEnv({ NEXT_PUBLIC_CHAIN_IDS: '84532, 8453,84532' }).chainIds).toEqual([84532, 8453])
  })

  it('treats empty settings as unset', () => {
    const env = parsePublicEnv({ NEXT_PUBLIC_RPC_URL: '', NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: '' })
    expect(env.rpcUrl).toBe('http://127.0.0.1:8545')
    expect(env.walletConnectProjectId).toBeUndefined()
  })

  it.each([
    [{ NEXT_PUBLIC_CHAIN_IDS: '1' }, /NEXT_PUBLIC_CHAIN_IDS \("1"\) is malformed: "1" is not one of/],
    [{ NEXT_PUBLIC_CHAIN_IDS: ' ' }, /NEXT_PUBLIC_CHAIN_IDS .* comma-separated list/],
    [{ NEXT_PUBLIC_RPC_URL: 'ftp://node' }, /NEXT_PUBLIC_RPC_URL .* http or https URL/],
    [{ NEXT_PUBLIC_BASE_RPC_URL: 'base' }, /NEXT_PUBLIC_BASE_RPC_URL .* http or https URL/],
    [
      { NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: 'YOUR_PROJECT_ID' },
      /NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID .* 32 hex/,
    ],
  ])('stops on a malformed setting with a sentence naming it: %o', (source, message) => {
    expect(() => parsePublicEnv(source)).toThrow(message)
  })
})
