import { memo } from 'react'
import { findAppChain } from '@/lib/chain/chains'
import type { RentalReceipt } from '@/lib/market/rental-view'
import { describeReceipt } from '@/lib/rentals/receipt-lines'
import { LocalMoment } from '../local-moment'

type ReceiptListProps = {
  receipts: RentalReceipt[] | null
  error: string | null
  role: 'renter' | 'provider'
  chainId: number
}

/** The rental's transactions, oldest first: what each moved and its hash (linked where an explorer exists). */
function ReceiptListContent({ receipts, error, role, chainId }: ReceiptListProps) {
  const explorer = findAppChain(chainId)?.blockExplorers?.default.url
  return (
    <section aria-labelledby="receipts-heading" className="flex flex-col gap-3">
      <h2 id="receipts-heading" className="text-lg font-semibold">
        Receipts
      </h2>
      {receipts === null ? (
        <p className="text-sm text-muted">{error ?? 'The rental’s transactions are not available.'}</p>
      ) : receipts.length === 0 ? (
        <p className="text-sm text-muted">The market has not indexed this rental’s transactions yet.</p>
      ) : (
        <ol
          aria-label="Transactions"
          className="flex flex-col divide-y divide-line rounded-lg border border-line bg-surface"
        >
          {receipts.map((receipt) => {
            const line = describeReceipt(receipt, role)
            return (
              <li key={`${receipt.txHash}-${receipt.logIndex}`} className="flex flex-col gap-1 p-4 text-sm">
                <p className="flex flex-wrap items-baseline justify-between gap-x-3">
                  <span className="font-medium">{line.title}</span>
                  {receipt.at ? (
                    <span className="text-xs text-muted">
                      <LocalMoment ms={Date.parse(receipt.at)} />
                    </span>
                  ) : null}
                </p>
                <p className="text-muted">{line.detail}</p>
                <p className="text-xs text-muted">
                  Transaction{' '}
                  {explorer ? (
                    <a
                      href={`${explorer}/tx/${receipt.txHash}`}
                      className="font-mono break-all text-accent-text underline"
                      rel="noreferrer"
                      target="_blank"
                    >
                      {receipt.txHash}
                    </a>
                  ) : (
                    <code className="font-mono break-all text-fg">{receipt.txHash}</code>
                  )}{' '}
                  · block {receipt.blockNumber}
                </p>
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}

/** Rendered again only when its receipts change, not on every live event of the page. */
export const ReceiptList = memo(ReceiptListContent)
