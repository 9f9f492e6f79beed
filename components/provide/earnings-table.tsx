import { formatMoment } from '@/lib/format/moment'
import type { EarningRow } from '@/lib/provide/provider-rentals'
import { shortRentalId } from '@/lib/rentals/rental-id'
import { Amount, type TokenUnit } from './console-parts'

const statusText: Record<string, string> = {
  pending: 'Waiting to start',
  running: 'Running',
  stopped: 'Stopped by renter',
  ended: 'Ended',
  cancelled: 'Cancelled',
}

const head = 'px-3 py-2 font-medium'
const cell = 'px-3 py-2 align-top'

/** The rentals served, newest first, with what each has earned and what can be claimed now. */
export function EarningsTable({ rows, unit }: { rows: readonly EarningRow[]; unit: TokenUnit }) {
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="w-full min-w-[34rem] text-sm">
        <caption className="sr-only">Rentals served</caption>
        <thead className="text-left text-xs text-muted">
          <tr>
            <th scope="col" className={`${head} pl-5`}>
              Rental
            </th>
            <th scope="col" className={head}>
              Status
            </th>
            <th scope="col" className={head}>
              Started
            </th>
            <th scope="col" className={`${head} text-right`}>
              Earned
            </th>
            <th scope="col" className={`${head} pr-5 text-right`}>
              Claimable
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ rental, id, earned, claimable, readError }) => (
            <tr key={rental.id} data-rental-id={rental.id} className="border-t border-line">
              <th scope="row" className={`${cell} pl-5 text-left font-medium`}>
                {rental.gpuCount} × {rental.gpuModel}
                <span
                  className="block font-mono text-xs font-normal text-muted"
                  title={`Rental ${rental.id}`}
                >
                  {shortRentalId(id)}
                </span>
              </th>
              <td className={cell}>{statusText[rental.status] ?? rental.status}</td>
              <td className={`${cell} whitespace-nowrap`}>
                {rental.startedAt ? formatMoment(Date.parse(rental.startedAt)) : '—'}
              </td>
              <td className={`${cell} text-right whitespace-nowrap`}>
                {earned === undefined ? '…' : <Amount units={earned} unit={unit} />}
              </td>
              <td className={`${cell} pr-5 text-right whitespace-nowrap`} data-claimable>
                {claimable !== undefined ? (
                  <Amount units={claimable} unit={unit} />
                ) : readError ? (
                  <span title={readError}>Unavailable</span>
                ) : (
                  '…'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
