import { IntentLink } from '@/components/intent-link'

export default function RentalNotFound() {
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4 px-4 py-12">
      <h1 className="text-3xl font-semibold tracking-tight">No such rental</h1>
      <p className="text-muted text-pretty">
        A rental id is a number (decimal, or 0x-hex of up to 64 digits), as in the links on{' '}
        <IntentLink href="/rentals" className="text-accent-text underline">
          your rentals
        </IntentLink>
        .
      </p>
    </div>
  )
}
