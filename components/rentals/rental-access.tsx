'use client'

import { lazy, memo, useState } from 'react'
import type { Address } from 'viem'
import type { ChainStatus } from '@/lib/rentals/rental-facts'
import { primaryButton } from '@/lib/ui/button-styles'
import { useWalletIntent } from '../wallet-intent'
import { WalletIsland } from '../wallet-island'
import { useWalletRoot } from '../wallet-root'
import { SshAccess } from './ssh-access'

// Signing for a token needs the wallet stack; the panel loads with it, not with the page.
const AccessPanel = lazy(() => import('./access-panel').then((module) => ({ default: module.AccessPanel })))

/** After the job ends, its outputs stay downloadable for the provider's retention period. */
const ENDED: ChainStatus[] = ['stopped', 'ended', 'finished']

type RentalAccessProps = { endpoint: string; id: string; renter: Address; status: ChainStatus }

/** "Access": SSH, the web terminal, ports and files for the renter while the rental runs; outputs after. */
function RentalAccessContent({ endpoint, id, renter, status }: RentalAccessProps) {
  const running = status === 'running'
  // "Sign to open" pressed before the wallet stack was there: the panel asks for the signature once it is.
  const [asked, setAsked] = useState(false)
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
      <WalletIsland fallback={<AccessStandIn running={running} onAsk={() => setAsked(true)} />}>
        <AccessPanel endpoint={endpoint} id={id} renter={renter} running={running} signNow={asked} />
      </WalletIsland>
    </section>
  )
}

/** What the panel reads before anyone reaches for it: the wallet stack loads on intent, not with the page. */
function AccessStandIn({ running, onAsk }: { running: boolean; onAsk: () => void }) {
  const { status, load } = useWalletRoot()
  const intent = useWalletIntent()
  return (
    <div className="flex flex-col items-start gap-2 text-sm" {...intent}>
      <p className="text-muted">
        {status === 'failed'
          ? 'The wallet failed to load, so the rental cannot be opened from this page.'
          : running
            ? 'Sign once with your wallet to open a terminal, the job’s ports and its files (good for 10 minutes).'
            : 'Sign once with your wallet to download the job’s kept outputs.'}
      </p>
      <button
        type="button"
        className={primaryButton}
        disabled={status === 'loading'}
        onClick={() => {
          onAsk()
          load()
        }}
      >
        {status === 'loading' ? 'Loading your wallet…' : status === 'failed' ? 'Retry' : 'Sign to open'}
      </button>
    </div>
  )
}

/** Rendered again only when the rental or its status change, not on every live event of the page. */
export const RentalAccess = memo(RentalAccessContent)
