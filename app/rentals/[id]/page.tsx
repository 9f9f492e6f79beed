import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { IntentLink } from '@/components/intent-link'
import { NotYourRental } from '@/components/rentals/access-problem'
import { RentalDetailView } from '@/components/rentals/rental-detail-view'
import { parseRentalIdParam, shortRentalId } from '@/lib/rentals/rental-id'
import { rentalDenial } from '@/lib/server/queries/load-rental-access'
import { loadRentalDetail } from '@/lib/server/rental-detail'

type Props = { params: Promise<{ id: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = parseRentalIdParam((await params).id)
  return { title: id === null ? 'No such rental' : `Rental ${shortRentalId(id)}` }
}

export default async function RentalPage({ params }: Props) {
  const id = parseRentalIdParam((await params).id)
  if (id === null) notFound()
  const denial = await rentalDenial(id)
  if (denial === 'not_found') notFound()
  // The rental is in the first paint for its renter or provider; the live view takes over from it.
  const initial = denial === undefined ? await loadRentalDetail(id) : undefined
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-10">
      <div>
        <IntentLink href="/rentals" className="text-sm text-accent-text underline-offset-2 hover:underline">
          ← Your rentals
        </IntentLink>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight">
          Rental <span className="font-mono text-2xl">{shortRentalId(id)}</span>
        </h1>
      </div>
      {denial === 'forbidden' ? (
        <NotYourRental />
      ) : (
        <RentalDetailView id={id.toString()} initial={initial} renderedAt={Date.now()} />
      )}
    </div>
  )
}
