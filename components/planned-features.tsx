/** An honest list of what a page will show once its data exists, instead of invented sample rows. */
export function PlannedFeatures({ heading, items }: { heading: string; items: readonly string[] }) {
  return (
    <section aria-label={heading} className="rounded-lg border border-dashed border-line p-6">
      <h2 className="font-semibold">{heading}</h2>
      <ul className="mt-3 list-disc space-y-1.5 pl-5 text-sm text-muted marker:text-line">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  )
}
