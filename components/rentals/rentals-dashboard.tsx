'use client'

import { useQuery } from '@tanstack/react-query'
import type { Address } from 'viem'
import { rentalListOptions } from '@/lib/rentals/rental-api'
import { useNow } from '@/lib/ui/use-now'
import { IntentLink } from '../intent-link'
import { AccessProblem } from './access-problem'
import { RentalCard } from './rental-card'
import { SignInGate } from './sign-in-gate'

/** The renter's dashboard: every rental the signed-in wallet paid for, newest first, live. */
export function RentalsDashboard() {
  return (
    <SignInGate reason="to see the rentals you paid for">
      {(address) => <RentalList address={address} />}
    </SignInGate>
  )
}

function RentalList({ address }: { address: Address }) {
  const list = useQuery(rentalListOptions(address))
  // Rentals load in the browser, after hydration, so the clock has a value by the time they show.
  const now = useNow() ?? Date.now()
  if (list.isPending)
    return (
      <p className="text-sm text-muted" aria-busy="true">
        Loading your rentals…
      </p>
    )
  if (list.isError && !list.data) return <AccessProblem error={list.error} what="your rentals" />
  const rentals = list.data.rentals.filter((rental) => rental.role === 'renter')
  const served = list.data.rentals.length - rentals.length
  return (
    <div className="flex flex-col gap-4">
      {list.isError ? (
        <p role="status" className="text-sm text-muted">
          Showing the last list loaded: {list.error.message}
        </p>
      ) : null}
      {rentals.length === 0 ? (
        <section className="rounded-lg border border-dashed border-line p-6 text-center">
          <h2 className="font-semibold">No rentals yet</h2>
          <p className="mt-2 text-sm text-muted">
            Rentals you pay for from this wallet appear here.{' '}
            <IntentLink href="/" className="text-accent-text underline">
              Find a GPU on the marketplace
            </IntentLink>
            .
          </p>
        </section>
      ) : (
        <ul aria-label="Your rentals" className="flex flex-col gap-3">
          {rentals.map((rental) => (
            <li key={rental.id}>
              <RentalCard rental={rental} now={now} />
            </li>
          ))}
        </ul>
      )}
      {served > 0 ? (
        <p className="text-sm text-muted">
          This wallet also provides {served} rental{served === 1 ? '' : 's'}: see{' '}
          <IntentLink href="/provide" className="text-accent-text underline">
            Provide
          </IntentLink>
          .
        </p>
      ) : null}
    </div>
  )
}
