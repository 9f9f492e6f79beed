import { formatTokenAmount, parseTokenAmount, USDC_DECIMALS } from '@/lib/format/token-amount'

/** The contract's limit on an endpoint's length, in bytes. */
const MAX_ENDPOINT_BYTES = 256

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string }

/**
 * Checks an agent endpoint before it goes on-chain: an absolute https URL (http only on a local
 * chain, where the demo's agents listen on loopback) of at most 256 bytes, without credentials,
 * query or fragment, normalised without a trailing slash.
 */
export function checkEndpoint(text: string, { allowHttp }: { allowHttp: boolean }): Checked<string> {
  const trimmed = text.trim()
  if (!trimmed)
    return {
      ok: false,
      message: 'Enter the URL where your agent answers, such as https://gpu-1.example.com.',
    }
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return { ok: false, message: 'Enter a full URL, starting with https://.' }
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:'))
    return {
      ok: false,
      message: allowHttp
        ? 'The endpoint must be an http or https URL.'
        : 'The endpoint must be an https URL.',
    }
  if (url.username || url.password)
    return { ok: false, message: 'Leave user names and passwords out of the URL.' }
  if (url.search || url.hash)
    return { ok: false, message: 'Leave the query and fragment out: the agent’s base URL only.' }
  const value = url.href.replace(/\/+$/, '')
  if (new TextEncoder().encode(value).length > MAX_ENDPOINT_BYTES)
    return { ok: false, message: `The endpoint may be at most ${MAX_ENDPOINT_BYTES} bytes long.` }
  return { ok: true, value }
}

/** A stake to register with or add: a positive amount, at least the market's minimum when registering. */
export function checkStake(
  text: string,
  {
    minimum = 0n,
    balance,
    decimals = USDC_DECIMALS,
  }: { minimum?: bigint; balance?: bigint; decimals?: number },
): Checked<bigint> {
  const parsed = parseTokenAmount(text, decimals)
  if (!parsed.ok) return parsed
  if (parsed.units < minimum)
    return { ok: false, message: `The market’s minimum stake is ${formatTokenAmount(minimum, decimals)}.` }
  if (balance !== undefined && parsed.units > balance)
    return { ok: false, message: `Your wallet holds only ${formatTokenAmount(balance, decimals)}.` }
  return { ok: true, value: parsed.units }
}

/** An amount to withdraw: positive and no more than the stake. */
export function checkWithdrawal(text: string, stake: bigint, decimals = USDC_DECIMALS): Checked<bigint> {
  const parsed = parseTokenAmount(text, decimals)
  if (!parsed.ok) return parsed
  if (parsed.units > stake)
    return {
      ok: false,
      message: `You can withdraw at most your stake of ${formatTokenAmount(stake, decimals)}.`,
    }
  return { ok: true, value: parsed.units }
}
