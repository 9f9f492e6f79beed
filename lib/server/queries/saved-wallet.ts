import 'server-only'
import { headers } from 'next/headers'
import type { State } from 'wagmi'
import { findAppChain } from '@/lib/chain/chains'
import { walletStateFromCookie } from '@/lib/chain/wagmi-config'

/** The wallet state this browser saved in its wagmi cookie, so first paint can show the account. */
export async function savedWalletState(): Promise<State | undefined> {
  return walletStateFromCookie((await headers()).get('cookie'))
}

export type SavedAccount = { address: `0x${string}`; chainName: string | undefined }

/** The account (and its chain) of the current connection in a saved wallet state, if any. */
export function savedAccountOf(state: State | undefined): SavedAccount | undefined {
  const connection = state?.current ? state.connections.get(state.current) : undefined
  const address = connection?.accounts[0]
  if (!connection || !address) return undefined
  return { address, chainName: findAppChain(connection.chainId)?.name }
}

/** The account this browser was last connected with, if its cookie says so. */
export async function savedAccount(): Promise<SavedAccount | undefined> {
  return savedAccountOf(await savedWalletState())
}
