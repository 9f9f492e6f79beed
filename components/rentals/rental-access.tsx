'use client'

import { lazy } from 'react'
import type { Address } from 'viem'
import type { ChainStatus } from '@/lib/rentals/rental-facts'
import { WalletIsland } from '../wallet-island'
import { SshAccess } from './ssh-access'

// Signing for a token needs the wallet stack; the panel loads with it, not with the page.
const AccessPanel = lazy(() => import('./access-panel').then((module) => ({ default: module.AccessPanel })))

/** After the job ends, its outputs stay downloadable for the provider's retention period. */
const ENDED: ChainStatus[] = ['stopped', 'ended', 'finished']

type RentalAccessProps = { endpoint: string; id: string; renter: Address; status: ChainStatus }

/** "Access": SSH, the web terminal, ports and files for the renter while the rental runs; outputs after. */
export function RentalAccess({ endpoint, id, renter, status }: RentalAccessProps) {
  const running = status === 'running'
  if (!running && !ENDED.includes(status)) return null
  return (
    <section
      aria-labelledby="access-heading"
      className="flex flex-col gap-4 rounded-lg border border-line p-4"
    >
      <h2 id="access-heading" className="text-lg font-semibold">
        Access
      </h2>
      {running ? (
        <div className="flex flex-col gap-2">
          <h3 className="font-medium">SSH</h3>
          <SshAccess endpoint={endpoint} id={id} />
        </div>
      ) : null}
      <WalletIsland eager fallback={<p className="text-sm text-muted">Loading your wallet…</p>}>
        <AccessPanel endpoint={endpoint} id={id} renter={renter} running={running} />
      </WalletIsland>
    </section>
  )
}
