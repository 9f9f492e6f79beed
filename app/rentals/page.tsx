import type { Metadata } from 'next'
import { PlannedFeatures } from '@/components/planned-features'
import { savedAccount } from '@/components/saved-wallet'
import { WalletRequirement } from '@/components/wallet-requirement'

export const metadata: Metadata = { title: 'Your rentals' }

const planned = [
  'Every rental paid from your wallet: pending, running and finished.',
  'For a running job: live status, time left, cost so far, logs and GPU use.',
  'Stop early (the unused deposit comes back), extend, or cancel before the provider starts.',
  'Receipts: what was paid to the provider and what was refunded to you, per rental.',
]

export default async function RentalsPage() {
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-12">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight">Your rentals</h1>
        <p className="mt-3 text-muted text-pretty">
          Rentals belong to the wallet that paid for them, so this page shows the rentals of the wallet you
          connect. Nothing here needs an account with us.
        </p>
      </div>
      <WalletRequirement
        reason="to see the rentals you paid for"
        connectedNote="Its rentals will be listed here once the rentals index is built."
        savedAccount={await savedAccount()}
      />
      <PlannedFeatures heading="What this page will show" items={planned} />
    </div>
  )
}
