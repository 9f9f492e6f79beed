import type { ReactNode } from 'react'
import { declineReasonText } from '@/lib/chain/rental-status'
import { formatMoment } from '@/lib/format/moment'
import type { EarningRow, ServedRental } from '@/lib/provide/provider-rentals'
import { shortRentalId } from '@/lib/rentals/rental-id'
import { Amount, type TokenUnit } from './console-parts'

const statusText: Record<string, string> = {
  pending: 'Waiting to start',
  running: 'Running',
  stopped: 'Stopped by renter',
  ended: 'Ended',
  cancelled: 'Cancelled by renter',
  declined: 'Declined by you',
  finished: 'Finished (job ended)',
  'no-show': 'No-show',
}

/** A line under the status saying why, and what moved. */
function statusDetail(rental: ServedRental, unit: TokenUnit): ReactNode {
  switch (rental.status) {
    case 'declined':
      return `${declineReasonText(rental.declineReason ?? 0)} Refunded in full.`
    case 'finished':
      return (
        <>
          Billed {rental.duration.toLocaleString('en-US')} s; <Amount units={rental.refunded} unit={unit} />{' '}
          refunded
        </>
      )
    case 'no-show':
      return rental.compensation > 0n ? (
        <>
          <Amount units={rental.compensation} unit={unit} /> compensation from your stake
        </>
      ) : (
        'Settled without compensation'
      )
    default:
      return null
  }
}

const head = 'px-3 py-2 font-medium'
const cell = 'px-3 py-2 align-top'

type EarningsTableProps = {
  rows: readonly EarningRow[]
  unit: TokenUnit
  /** Ids of pending rentals past their start window, and what settles one as a no-show. */
  staleNoShows?: ReadonlySet<string>
  settleAction?: (id: bigint) => ReactNode
}

/**
 * The rentals served, newest first: how each went (declined, finished, no-show…), what it has
 * earned and what can be claimed now; a stale pending rental can be settled as a no-show here.
 */
export function EarningsTable({ rows, unit, staleNoShows, settleAction }: EarningsTableProps) {
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
          {rows.map(({ rental, id, earned, claimable, holdsStake, readError }) => (
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
              <td className={cell}>
                {statusText[rental.status] ?? rental.status}
                <span className="block max-w-xs text-xs text-muted text-pretty empty:hidden">
                  {statusDetail(rental, unit)}
                  {holdsStake ? ' Holds your stake until your next claim.' : null}
                </span>
                {staleNoShows?.has(rental.id) && settleAction ? (
                  <span className="mt-1 block text-xs">Past its start window. {settleAction(id)}</span>
                ) : null}
              </td>
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
