import type { Metadata } from 'next'
import { RentalsDashboard } from '@/components/rentals/rentals-dashboard'

export const metadata: Metadata = { title: 'Your rentals' }

export default function RentalsPage() {
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 px-4 py-10">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight">Your rentals</h1>
        <p className="mt-3 text-muted text-pretty">
          Every rental your wallet paid for: where it stands, the time it has left, what it has cost so far
          and the deposit held in escrow. Open one to follow its job live, stop it, extend it or cancel it.
        </p>
      </div>
      <RentalsDashboard />
    </div>
  )
}
