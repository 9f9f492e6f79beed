import type { Metadata } from 'next'
import { PlannedFeatures } from '@/components/planned-features'
import { savedAccount } from '@/components/saved-wallet'
import { WalletRequirement } from '@/components/wallet-requirement'

export const metadata: Metadata = { title: 'Provide GPUs' }

const planned = [
  'Registration: your agent’s HTTPS endpoint and the stake that backs it.',
  'Your rentals: which jobs run on your GPUs and how long they have left.',
  'Earnings: what has accrued, what you have claimed, and a button to claim the rest.',
  'Stake: top it up, or withdraw it when nothing of yours is pending or running.',
]

export default async function ProvidePage() {
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-12">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight">Provide GPUs</h1>
        <p className="mt-3 text-muted text-pretty">
          Run <code className="rounded bg-subtle px-1.5 py-0.5 font-mono text-sm text-fg">weft-agent</code>{' '}
          next to your GPUs: it reports what is free, signs offers at your prices, starts renters’ jobs and
          claims your pay from escrow. This console is where you register it and follow your earnings, signed
          in with the provider wallet.
        </p>
      </div>
      <WalletRequirement
        reason="to register as a provider and follow your earnings"
        connectedNote="Its registration and earnings will appear here once the provider console is built."
        savedAccount={await savedAccount()}
      />
      <PlannedFeatures heading="What this console will show" items={planned} />
    </div>
  )
}
