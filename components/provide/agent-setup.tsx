import { findAppChain } from '@/lib/chain/chains'
import type { MarketContracts } from '@/lib/chain/market-contracts'

const code = 'block overflow-x-auto rounded-md bg-subtle px-3 py-2 font-mono text-xs leading-relaxed text-fg'

/** The agent's configuration for this market, with the addresses filled in. */
function agentConfig(contracts: MarketContracts): string {
  const rpcUrl = findAppChain(contracts.chainId)?.rpcUrls.default.http[0] ?? 'https://…'
  const local = contracts.chainId === 31337
  return JSON.stringify(
    {
      rpcUrl,
      chainId: contracts.chainId,
      market: contracts.market,
      token: contracts.token,
      endpoint: local ? 'http://127.0.0.1:8700' : 'https://gpu-1.example.com',
      listen: { host: local ? '127.0.0.1' : '0.0.0.0', port: 8700 },
      region: 'EU-Central',
      prices: { 'H100-SXM-80GB': '2.39', '*': '0.50' },
      dataDir: local ? '.data/my-agent' : '/var/lib/weft-agent',
      runner: local ? 'process' : 'container',
      stake: '500',
    },
    null,
    2,
  )
}

/** How to run `weft-agent` next to the GPUs: rendered on the server, no wallet needed to read it. */
export function AgentSetup({ contracts }: { contracts: MarketContracts }) {
  return (
    <section aria-labelledby="agent-setup-title" className="rounded-lg border border-line bg-surface p-5">
      <h2 id="agent-setup-title" className="text-lg font-semibold">
        Run the agent
      </h2>
      <p className="mt-1 text-sm text-muted text-pretty">
        <code className="font-mono text-fg">weft-agent</code> runs next to your GPUs. It signs offers at your
        prices, starts renters’ jobs in containers and claims your pay. Your key stays on that host.
      </p>
      <ol className="mt-4 flex list-decimal flex-col gap-4 pl-5 text-sm marker:text-muted">
        <li>
          <p>Check which GPUs it finds (it reads nvidia-smi):</p>
          <code className={`${code} mt-2`}>npx weft-agent inventory</code>
        </li>
        <li>
          <p>
            Save its settings as <code className="font-mono">agent.json</code>; the market’s addresses are
            filled in. Set your own endpoint (public HTTPS), region and price per GPU-hour in USDC:
          </p>
          <pre className={`${code} mt-2`}>{agentConfig(contracts)}</pre>
        </li>
        <li>
          <p>
            Register with its endpoint and stake: with your wallet on this page, or from the host (it approves
            the stake, then registers, or updates the endpoint and tops up the stake):
          </p>
          <code className={`${code} mt-2`}>
            WEFT_PROVIDER_KEY=0x… npx weft-agent register --config agent.json
          </code>
        </li>
        <li>
          <p>Serve: offers, jobs and claims from then on. Keep it running, under systemd for instance:</p>
          <code className={`${code} mt-2`}>
            WEFT_PROVIDER_KEY=0x… npx weft-agent serve --config agent.json
          </code>
        </li>
      </ol>
      <p className="mt-4 text-sm text-muted">
        The provider key signs offers and transactions: use the account you connect here, and keep the key
        only on the GPU host.
      </p>
    </section>
  )
}
