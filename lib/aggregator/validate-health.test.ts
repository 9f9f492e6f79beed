import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { anvilKeys } from '@/lib/chain/anvil-accounts'
import { TEST_CHAIN_ID, TEST_MARKET, TEST_TOKEN } from '@/test-support/aggregator/test-offers'
import { validateHealthBody } from './validate-health'

const provider = privateKeyToAccount(anvilKeys[1] as Hex)
const stranger = privateKeyToAccount(anvilKeys[2] as Hex)
const fixture = readFileSync(path.join(import.meta.dirname, 'fixtures/search-offers-with-trailer.txt'))

describe('validateHealthBody', () => {
  const expected = { provider: provider.address, chainId: TEST_CHAIN_ID, market: TEST_MARKET }
  const report = {
    ok: true,
    version: '0.1.0',
    provider: provider.address,
    chainId: TEST_CHAIN_ID,
    market: TEST_MARKET,
    gpus: 5,
    freeGpus: 5,
    runningJobs: 0,
    chainReachable: true,
    startedAt: 1_700_000_000_000,
  }
  it.each([
    [{}, 'ok'],
    [{ ok: false }, 'health: the agent reports itself unhealthy'],
    [{ provider: stranger.address }, 'health: names another provider'],
    [{ chainId: 1 }, 'health: names another chain'],
    [{ market: TEST_TOKEN }, 'health: names another market'],
    [{ version: '<b>1</b>' }, 'health: malformed report'],
    [{ gpus: -1 }, 'health: malformed report'],
  ])('%j → %s', (change, reason) => {
    const verdict = validateHealthBody(JSON.stringify({ ...report, ...change }), expected)
    expect(verdict.ok ? 'ok' : verdict.reason).toBe(reason)
  })
  it('refuses a health body past its cap or not JSON', () => {
    expect(validateHealthBody('x'.repeat(17 * 1024), expected)).toEqual({
      ok: false,
      reason: 'health: too large',
    })
    expect(validateHealthBody(fixture, expected)).toEqual({ ok: false, reason: 'health: invalid JSON' })
    expect(validateHealthBody('{"ok":tru', expected)).toEqual({ ok: false, reason: 'health: invalid JSON' })
  })
})
