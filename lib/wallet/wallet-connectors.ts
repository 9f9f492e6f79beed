import { connectorsForWallets, type WalletList } from '@rainbow-me/rainbowkit'
import {
  baseAccount,
  injectedWallet,
  metaMaskWallet,
  rainbowWallet,
  walletConnectWallet,
} from '@rainbow-me/rainbowkit/wallets'
import type { CreateConnectorFn } from 'wagmi'
import { appChains } from '@/lib/chain/chains'
import { publicEnv } from '@/lib/env/public-env'

type Wallets = WalletList[number]['wallets']

/**
 * The wallets offered in the connect modal. Browser wallets announced through EIP-6963 (MetaMask,
 * Rabby, ...) appear on their own; the list adds what discovery cannot find.
 *
 * Anything that speaks WalletConnect (including metaMaskWallet, which falls back to it when the
 * extension is missing) is left out without a project id: wagmi probes every connector on each
 * reconnect, and a WalletConnect client with a made-up id fails against the relay every time.
 */
export function walletConnectors(): CreateConnectorFn[] {
  const projectId = publicEnv.walletConnectProjectId
  const wallets: Wallets = [injectedWallet]
  // Base Account (Coinbase's smart wallet) signs only for Base chains, never for a local anvil.
  if (appChains.some((chain) => chain.id === 8453 || chain.id === 84532)) wallets.push(baseAccount)
  if (projectId) wallets.push(metaMaskWallet, rainbowWallet, walletConnectWallet)
  return connectorsForWallets([{ groupName: 'Wallets', wallets }], {
    appName: 'Weft',
    appDescription: 'Rent GPUs from independent providers, paid per second from an on-chain escrow.',
    // Required by the type, read only by WalletConnect wallets, which are absent without a real id.
    projectId: projectId ?? 'walletconnect-disabled',
  })
}
