import { RowTable } from './row-table'

export const dynamic = 'force-dynamic'

const REGIONS = ['EU-Central', 'US-East', 'US-West', 'AP-Southeast', 'SA-East']

/** Fifty rows, rendered per request like the marketplace's first page of offers. */
function rows() {
  return Array.from({ length: 50 }, (_, i) => ({
    id: `row-${i + 1}`,
    name: `Item ${i + 1}`,
    region: REGIONS[i % REGIONS.length] ?? '',
    price: Math.round(((i * 37) % 400) + 50) / 100,
  }))
}

/** The reference page: a server-rendered heading and one client component holding a 50-row table. */
export default function Page() {
  return (
    <main style={{ maxWidth: 960, margin: '0 auto', padding: 16 }}>
      <h1>Bare Next.js page</h1>
      <p>A server component page with one client component: a table of fifty rows that can be sorted.</p>
      <RowTable rows={rows()} />
    </main>
  )
}
