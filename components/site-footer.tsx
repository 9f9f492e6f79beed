import { appChains } from '@/lib/chain/chains'

export function SiteFooter() {
  return (
    <footer className="border-t border-line">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-muted sm:flex-row sm:justify-between">
        <p>Weft: GPUs from independent providers, paid per second from an on-chain escrow.</p>
        <p>
          {appChains.length > 1 ? 'Networks' : 'Network'}: {appChains.map((chain) => chain.name).join(', ')}
        </p>
      </div>
    </footer>
  )
}
