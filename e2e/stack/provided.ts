import type { Address } from 'viem'

/** What the global setup hands to every test file (vitest's provide / inject). */
export type E2eStackInfo = {
  appUrl: string
  rpcUrl: string
  artifactsDir: string
  market: Address
  token: Address
  agents: { name: string; url: string; provider: Address; flaky: boolean }[]
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eStackInfo
  }
}
