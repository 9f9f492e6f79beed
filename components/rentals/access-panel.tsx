'use client'

import { type ReactNode, useEffect, useRef, useState } from 'react'
import { type Address, isAddressEqual } from 'viem'
import { useAccessToken } from '@/lib/rentals/use-access-token'
import { primaryButton } from '@/lib/ui/button-styles'
import { shortAddress } from '@/lib/wallet/short-address'
import { OutputFiles } from './output-files'
import { PortList } from './port-list'
import { WebTerminal } from './web-terminal'

type AccessPanelProps = {
  endpoint: string
  id: string
  renter: Address
  running: boolean
  /** The renter already pressed "Sign to open" on the stand-in: ask the wallet as soon as it is the renter's. */
  signNow?: boolean
}

/**
 * The renter's way into the rental through the provider's agent: one wallet signature opens the
 * terminal, the ports and the files for 10 minutes. After the rental ends, only the kept outputs.
 */
export function AccessPanel({ endpoint, id, renter, running, signNow = false }: AccessPanelProps) {
  const access = useAccessToken(endpoint, id)
  const isRenter = access.address !== undefined && isAddressEqual(access.address, renter)
  const signed = useRef(false)
  const { unlock, token: held } = access
  useEffect(() => {
    if (!signNow || !isRenter || held || signed.current) return
    signed.current = true
    void unlock()
  }, [signNow, isRenter, held, unlock])
  // A terminal opened while the rental ran stays on the page after it ends, to say why it closed.
  const [terminalOpened, setTerminalOpened] = useState(false)
  if (!access.address)
    return <p className="text-sm text-muted">Connect the renter’s wallet to open the rental.</p>
  if (!isAddressEqual(access.address, renter))
    return (
      <p className="text-sm">
        Only the renter ({shortAddress(renter)}) can open this rental; switch to that account in your wallet.
      </p>
    )
  const token = access.token
  if (!token)
    return (
      <div className="flex flex-col items-start gap-2 text-sm">
        <p className="text-muted">
          {running
            ? 'Sign once with your wallet to open a terminal, the job’s ports and its files (good for 10 minutes).'
            : 'Sign once with your wallet to download the job’s kept outputs.'}
        </p>
        <button type="button" className={primaryButton} disabled={access.pending} onClick={access.unlock}>
          {access.pending ? 'Waiting for your wallet…' : 'Sign to open'}
        </button>
        {access.problem ? (
          <p role="alert" className="text-sm">
            {access.problem}
          </p>
        ) : null}
      </div>
    )
  return (
    <div className="flex flex-col gap-6">
      {running || terminalOpened ? (
        <Part title="Terminal">
          <WebTerminal
            endpoint={endpoint}
            id={id}
            getToken={access.get}
            running={running}
            onOpened={setTerminalOpened}
          />
        </Part>
      ) : null}
      {running ? (
        <Part title="Ports">
          <PortList endpoint={endpoint} id={id} token={token.token} onRefused={access.refused} />
        </Part>
      ) : null}
      <Part title={running ? 'Files' : 'Kept outputs'}>
        <OutputFiles endpoint={endpoint} id={id} token={token.token} running={running} />
      </Part>
    </div>
  )
}

function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-2">
      <h3 className="font-medium">{title}</h3>
      {children}
    </div>
  )
}
