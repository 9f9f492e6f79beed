export default function OfferLoading() {
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 sm:py-8" aria-busy="true">
      <p className="sr-only" role="status">
        Loading the offer…
      </p>
      <div className="h-8 w-64 animate-pulse rounded bg-subtle" />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,28rem)]">
        <div className="h-80 animate-pulse rounded-lg bg-subtle" />
        <div className="h-96 animate-pulse rounded-lg bg-subtle" />
      </div>
    </div>
  )
}
