'use client'

import { useState } from 'react'

type Row = { id: string; name: string; region: string; price: number }

/** The reference page's one client component: a table whose price column sorts on click. */
export function RowTable({ rows }: { rows: readonly Row[] }) {
  const [ascending, setAscending] = useState(true)
  const sorted = [...rows].sort((a, b) => (ascending ? a.price - b.price : b.price - a.price))
  return (
    <table style={{ width: '100%', borderCollapse: 'collapse' }}>
      <thead>
        <tr>
          <th style={{ textAlign: 'left' }}>Name</th>
          <th style={{ textAlign: 'left' }}>Region</th>
          <th style={{ textAlign: 'right' }}>
            <button type="button" onClick={() => setAscending((value) => !value)}>
              Price {ascending ? '↑' : '↓'}
            </button>
          </th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={row.id} style={{ borderTop: '1px solid #ddd' }}>
            <td>{row.name}</td>
            <td>{row.region}</td>
            <td style={{ textAlign: 'right' }}>${row.price.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
