/**
 * The simulated providers of the local demo: different fleets from the GPU catalog, prices and
 * regions, each run by its own agent process on its own loopback port with an anvil key.
 */
export type DemoFleet = {
  name: string
  keyIndex: number
  region: string
  gpus: { model: string; count: number }[]
  /** Price per GPU-hour in USDC, by canonical model id. */
  prices: Record<string, string>
  /** Seconds an offer stays valid (the agent's `offerTtlSeconds`); the agent's default when absent. */
  offerTtlSeconds?: number
  /**
   * A flaky provider: its endpoint is a proxy that, every `periodSeconds`, refuses connections for
   * `refuseSeconds` and then accepts but never answers for `hangSeconds` (see demo-flaky-proxy.ts).
   */
  flaky?: { periodSeconds: number; refuseSeconds: number; hangSeconds: number }
}

/** The demo's first agent port; fleet i listens on `demoAgentPortBase + i`. */
export const demoAgentPortBase = 8701

export const demoFleets: DemoFleet[] = [
  {
    name: 'frankfurt-h100',
    keyIndex: 6,
    region: 'EU-Central',
    gpus: [{ model: 'H100-SXM-80GB', count: 8 }],
    prices: { 'H100-SXM-80GB': '2.39' },
  },
  {
    name: 'virginia-mixed',
    keyIndex: 7,
    region: 'US-East',
    gpus: [
      { model: 'A100-SXM-80GB', count: 4 },
      { model: 'L40S-PCIE-48GB', count: 2 },
    ],
    prices: { 'A100-SXM-80GB': '1.29', 'L40S-PCIE-48GB': '0.79' },
  },
  {
    name: 'oregon-consumer',
    keyIndex: 8,
    region: 'US-West',
    gpus: [
      { model: 'RTX-4090-PCIE-24GB', count: 4 },
      { model: 'RTX-3090-PCIE-24GB', count: 2 },
    ],
    prices: { 'RTX-4090-PCIE-24GB': '0.34', 'RTX-3090-PCIE-24GB': '0.22' },
  },
  {
    name: 'singapore-h200',
    keyIndex: 9,
    region: 'AP-Southeast',
    gpus: [
      { model: 'H200-SXM-141GB', count: 4 },
      { model: 'L4-PCIE-24GB', count: 4 },
    ],
    prices: { 'H200-SXM-141GB': '3.19', 'L4-PCIE-24GB': '0.39' },
  },
  {
    // Cheap and unreliable: down about a third of every minute, so reliability scores differ.
    name: 'saopaulo-flaky',
    keyIndex: 5,
    region: 'SA-East',
    gpus: [{ model: 'RTX-A6000-PCIE-48GB', count: 2 }],
    prices: { 'RTX-A6000-PCIE-48GB': '0.45' },
    flaky: { periodSeconds: 60, refuseSeconds: 12, hangSeconds: 8 },
  },
]
