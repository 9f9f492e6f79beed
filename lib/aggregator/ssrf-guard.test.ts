import { describe, expect, it } from 'vitest'
import { checkEndpoint, type GuardReason, type HostLookup } from './ssrf-guard'

const noDns: HostLookup = async (host) => {
  throw new Error(`unexpected DNS lookup of ${host}`)
}

/** Every form of a non-public host that must be refused, with the reason it is refused for. */
const refused: [url: string, reason: GuardReason][] = [
  // loopback, in every spelling the WHATWG parser folds to 127.0.0.1
  ['http://127.0.0.1:8700', 'loopback'],
  ['http://127.255.255.254', 'loopback'],
  ['http://2130706433', 'loopback'],
  ['http://0177.0.0.1', 'loopback'],
  ['http://0x7f.1', 'loopback'],
  ['http://0x7f000001', 'loopback'],
  ['http://017700000001', 'loopback'],
  ['http://127.1', 'loopback'],
  ['http://127.0.0.1.', 'loopback'],
  ['http://[::1]', 'loopback'],
  ['http://[0:0:0:0:0:0:0:1]', 'loopback'],
  // IPv6 forms that reach an IPv4 host
  ['http://[::ffff:127.0.0.1]', 'loopback'],
  ['http://[::ffff:7f00:1]', 'loopback'],
  ['http://[0:0:0:0:0:ffff:10.1.2.3]', 'private'],
  ['http://[::ffff:169.254.169.254]', 'link_local'],
  ['http://[2002:7f00:1::1]', 'loopback'],
  ['http://[2002:c0a8:101::1]', 'private'],
  ['http://[2002:a9fe:a9fe::]', 'link_local'],
  ['http://[64:ff9b::10.0.0.1]', 'private'],
  ['http://[64:ff9b::7f00:1]', 'loopback'],
  ['http://[64:ff9b:1::1]', 'private'],
  ['http://[::127.0.0.1]', 'reserved'],
  ['http://[2001::1]', 'reserved'],
  // private, link-local, CGNAT, this-network, multicast, broadcast
  ['http://10.0.0.1', 'private'],
  ['http://10.255.255.255', 'private'],
  ['http://172.16.0.1', 'private'],
  ['http://172.31.255.254', 'private'],
  ['http://192.168.1.1', 'private'],
  ['http://169.254.169.254/latest/meta-data/', 'link_local'],
  ['http://[fe80::1]', 'link_local'],
  ['http://[febf::1]', 'link_local'],
  ['http://[fec0::1]', 'private'],
  ['http://100.64.0.1', 'cgnat'],
  ['http://100.127.255.254', 'cgnat'],
  ['http://0.0.0.0', 'unspecified'],
  ['http://0', 'unspecified'],
  ['http://0.1.2.3', 'unspecified'],
  ['http://[::]', 'unspecified'],
  ['http://224.0.0.1', 'multicast'],
  ['http://239.255.255.250', 'multicast'],
  ['http://[ff02::1]', 'multicast'],
  ['http://255.255.255.255', 'broadcast'],
  ['http://240.0.0.1', 'reserved'],
  ['http://198.18.0.1', 'reserved'],
  ['http://192.0.0.8', 'reserved'],
  ['http://[fc00::1]', 'unique_local'],
  ['http://[fd12:3456::1]', 'unique_local'],
  // documentation ranges
  ['http://192.0.2.10', 'documentation'],
  ['http://198.51.100.7', 'documentation'],
  ['http://203.0.113.66', 'documentation'],
  ['http://[2001:db8::1]', 'documentation'],
  ['http://[3fff::1]', 'documentation'],
  // not a fetchable web URL
  ['ftp://8.8.8.8/', 'unsupported_scheme'],
  ['file:///etc/passwd', 'unsupported_scheme'],
  ['gopher://8.8.8.8:70/', 'unsupported_scheme'],
  ['javascript:alert(1)', 'unsupported_scheme'],
  ['http://user:pass@8.8.8.8', 'credentials'],
  ['http://user@8.8.8.8', 'credentials'],
  ['http://8.8.8.8:22', 'port_not_allowed'],
  ['http://8.8.8.8:25', 'port_not_allowed'],
  ['http://8.8.8.8:0', 'port_not_allowed'],
  ['not a url', 'invalid_url'],
  ['http://[fe80::1%25eth0]', 'invalid_url'],
]

describe('checkEndpoint', () => {
  it.each(refused)('refuses %s (%s)', async (url, reason) => {
    const result = await checkEndpoint(url, { allowLoopback: false, lookup: noDns })
    expect(result.ok ? 'passed' : result.reason).toBe(reason)
  })

  it.each([
    ['http://8.8.8.8:8700', '8.8.8.8'],
    ['https://1.1.1.1', '1.1.1.1'],
    ['http://8.8.8.8:80/v1', '8.8.8.8'],
    ['https://[2606:4700:4700::1111]:8443', '2606:4700:4700::1111'],
    ['http://[::ffff:8.8.8.8]', '::ffff:808:808'],
    ['http://[2002:808:808::1]', '2002:808:808::1'],
    ['http://[64:ff9b::8.8.8.8]', '64:ff9b::808:808'],
    ['http://100.63.255.255', '100.63.255.255'],
    ['http://172.32.0.1', '172.32.0.1'],
  ])('lets the public address %s through, pinned to %s', async (url, address) => {
    const result = await checkEndpoint(url, { allowLoopback: false, lookup: noDns })
    expect(result).toMatchObject({ ok: true, address })
  })

  it('allows plain loopback only with allowLoopback, and never its embedded or unspecified forms', async () => {
    const dev = { allowLoopback: true, lookup: noDns }
    expect(await checkEndpoint('http://127.0.0.1:8700', dev)).toMatchObject({
      ok: true,
      address: '127.0.0.1',
    })
    expect(await checkEndpoint('http://0x7f.1:8700', dev)).toMatchObject({ ok: true, address: '127.0.0.1' })
    expect(await checkEndpoint('http://[::1]:8700', dev)).toMatchObject({
      ok: true,
      address: '::1',
      family: 6,
    })
    for (const url of [
      'http://[::ffff:127.0.0.1]',
      'http://[2002:7f00:1::]',
      'http://0.0.0.0',
      'http://10.0.0.1',
    ])
      expect((await checkEndpoint(url, dev)).ok, url).toBe(false)
  })

  it('checks every address a host name resolves to, and pins the first', async () => {
    const records: Record<string, string[]> = {
      'gpu.example': ['8.8.4.4', '2606:4700::1'],
      'rebind.example': ['8.8.8.8', '10.0.0.7'],
      'metadata.example': ['169.254.169.254'],
      'mapped.example': ['::ffff:192.168.0.1'],
      'localhost.example': ['127.0.0.1'],
    }
    const lookup: HostLookup = async (host) => {
      const addresses = records[host]
      if (!addresses) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
    }
    const options = { allowLoopback: false, lookup }
    expect(await checkEndpoint('https://gpu.example/agent', options)).toMatchObject({
      ok: true,
      address: '8.8.4.4',
      family: 4,
    })
    expect(await checkEndpoint('https://rebind.example', options)).toMatchObject({
      ok: false,
      reason: 'private',
    })
    expect(await checkEndpoint('http://metadata.example', options)).toMatchObject({
      ok: false,
      reason: 'link_local',
    })
    expect(await checkEndpoint('http://mapped.example', options)).toMatchObject({
      ok: false,
      reason: 'private',
    })
    expect(await checkEndpoint('http://localhost.example', options)).toMatchObject({
      ok: false,
      reason: 'loopback',
    })
    expect(await checkEndpoint('http://nowhere.example', options)).toMatchObject({
      ok: false,
      reason: 'unresolvable',
    })
  })

  it('says why, naming the address the host meant', async () => {
    const result = await checkEndpoint('http://0177.0.0.1', { allowLoopback: false, lookup: noDns })
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('127.0.0.1') })
  })
})
