'use client'

import { useState } from 'react'
import type { Address } from 'viem'
import { usePublicClient, useWriteContract } from 'wagmi'
import { TestUSDC } from '@/lib/chain/generated'
import { explainWalletError } from '@/lib/chain/wallet-errors'
import { secondaryButton } from '@/lib/ui/button-styles'

const AMOUNT = 1_000_000_000n // 1,000 USDC

/** Local chains only: the test token has a public mint, so a renter can fund itself in one click. */
export function TestUsdcButton(props: {
  token: Address
  account: Address
  chainId: number
  onMinted: () => void
}) {
  const { token, account, chainId, onMinted } = props
  const client = usePublicClient({ chainId })
  const { writeContractAsync } = useWriteContract()
  const [status, setStatus] = useState<{ busy: boolean; text?: string; failed?: boolean }>({ busy: false })

  async function mint() {
    if (!client) return
    setStatus({ busy: true, text: 'Confirm the mint in your wallet…' })
    try {
      const hash = await writeContractAsync({
        chainId,
        address: token,
        abi: TestUSDC.abi,
        functionName: 'mint',
        args: [account, AMOUNT],
      })
      setStatus({ busy: true, text: 'Waiting for the mint to be mined…' })
      await client.waitForTransactionReceipt({ hash })
      setStatus({ busy: false, text: 'Added 1,000 test USDC to your wallet.' })
      onMinted()
    } catch (error) {
      setStatus({ busy: false, failed: true, text: explainWalletError(error).message })
    }
  }

  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        className={secondaryButton}
        onClick={mint}
        disabled={status.busy}
        aria-busy={status.busy}
      >
        Get 1,000 test USDC
      </button>
      {status.text ? (
        <p
          role={status.failed ? 'alert' : 'status'}
          className={`text-xs ${status.failed ? 'text-red-700 dark:text-red-300' : 'text-muted'}`}
        >
          {status.text}
        </p>
      ) : null}
    </div>
  )
}
