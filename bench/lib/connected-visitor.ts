import { serialize } from 'wagmi'

/**
 * The cookie a browser carries after connecting a wallet on this app (wagmi's `cookieStorage`, key
 * `wagmi.store`): the server renders the saved account into the page, so it renders that page
 * for this visitor. `chainId` must be one the app serves.
 */
export function connectedWalletCookie(address: `0x${string}`, chainId: number): string {
  const uid = 'bench-connection'
  const state = {
    connections: new Map([
      [
        uid,
        {
          accounts: [address],
          chainId,
          connector: { id: 'injected', name: 'Injected', type: 'injected', uid },
        },
      ],
    ]),
    chainId,
    current: uid,
  }
  return `wagmi.store=${serialize({ state, version: 2 })}`
}
