/**
 * The simulated providers of the local demo: different fleets from the GPU catalog, prices and
 * regions, each run by its own agent process on its own loopback port with an anvil key.
 */
export type DemoFleet = {
  name: string
  keyIndex: number
  port: number
  region: string
  gpus: { model: string; count: number }[]
  /** Price per GPU-hour in USDC, by canonical model id. */
  prices: Record<string, string>
}

export const demoFleets: DemoFleet[] = [
  {
    name: 'frankfurt-h100',
    keyIndex: 6,
    port: 8701,
    region: 'EU-Central',
    gpus: [{ model: 'H100-SXM-80GB', count: 8 }],
    prices: { 'H100-SXM-80GB': '2.39' },
  },
  {
    name: 'virginia-mixed',
    keyIndex: 7,
    port: 8702,
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
    port: 8703,
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
    port: 8704,
    region: 'AP-Southeast',
    gpus: [
      { model: 'H200-SXM-141GB', count: 4 },
      { model: 'L4-PCIE-24GB', count: 4 },
    ],
    prices: { 'H200-SXM-141GB': '3.19', 'L4-PCIE-24GB': '0.39' },
  },
]
