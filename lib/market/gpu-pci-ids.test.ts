import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { resolveGpuModel } from './gpu-catalog'
import { knownGpuPciIds, resolveGpuByPciId } from './gpu-pci-ids'

interface AkashDevice {
  name: string
  interface: string
  memory_size: string
}
type AkashVendors = Record<string, { name: string; devices: Record<string, AkashDevice> }>

const akash: AkashVendors = JSON.parse(
  readFileSync(new URL('./fixtures/akash-provider-configs-gpus.json', import.meta.url), 'utf8'),
)
const rows = Object.entries(akash).flatMap(([vendorId, vendor]) =>
  Object.entries(vendor.devices).map(([deviceId, device]) => ({ vendorId, deviceId, ...device })),
)

describe('PCI ids (Akash provider-configs)', () => {
  it('covers all 98 devices, and nothing else', () => {
    expect(rows).toHaveLength(98)
    expect(knownGpuPciIds().sort()).toEqual(rows.map((r) => `${r.vendorId}:${r.deviceId}`).sort())
  })

  it.each(rows)('$vendorId:$deviceId ($name $interface $memory_size)', (row) => {
    const byPci = resolveGpuByPciId(row.vendorId, row.deviceId)
    if (!byPci.known) throw new Error(`${row.vendorId}:${row.deviceId} is unknown`)
    expect(`${byPci.model.memoryGiB}Gi`).toBe(row.memory_size)
    // Akash writes SXM2..SXM5; the catalog folds the generation into SXM.
    expect(row.interface.replace(/^SXM\d$/, 'SXM')).toBe(
      byPci.model.formFactor === 'NVL' ? 'PCIe' : byPci.model.formFactor,
    )
    expect(byPci.model.vendor).toBe(akash[row.vendorId]?.name)
    // The name path must agree with the id path.
    const byName = resolveGpuModel(`${row.name} ${row.interface} ${row.memory_size}`)
    expect(byName.known && byName.model.id).toBe(byPci.model.id)
  })

  it('accepts any case and a 0x prefix, and flags unknown ids as reported', () => {
    expect(resolveGpuByPciId('0x10DE', '0x2330')).toMatchObject({
      known: true,
      model: { id: 'H100-SXM-80GB' },
    })
    expect(resolveGpuByPciId('10de', '20B5')).toMatchObject({ known: true, model: { id: 'A100-PCIE-80GB' } })
    expect(resolveGpuByPciId('10de', 'ffff')).toEqual({ known: false, reported: '10de:ffff' })
    expect(resolveGpuByPciId('8086', '56a0')).toEqual({ known: false, reported: '8086:56a0' })
  })
})
